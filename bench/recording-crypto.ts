/**
 * Throughput of the recording encryptor on one core: plaintext pushed through EncryptedTrackWriter
 * (64 KiB AES-256-GCM chunks, appended to a real file in the OS temp dir, deleted afterwards).
 * `node --import tsx bench/recording-crypto.ts` prints {"encryptMBps":..} (MB = 2^20 bytes).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EncryptedTrackWriter } from '../server/recording/crypto/encryptedWriter';

export async function measureEncryptMBps(totalMiB = 256, writeBytes = 256 * 1024): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'chaperone-bench-crypto-'));
  try {
    // ffmpeg hands us pipe-sized buffers; one random block is reused, which is safe once write() resolves.
    const block = randomBytes(writeBytes);
    const writes = Math.ceil((totalMiB * 1024 * 1024) / writeBytes);
    const writer = await EncryptedTrackWriter.open({
      file: join(dir, 'bench.chpr'),
      dataKey: randomBytes(32),
      recordingId: randomUUID(),
      trackId: randomUUID(),
    });
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < writes; i++) await writer.write(block);
    await writer.close();
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    return Math.round(((writes * writeBytes) / (1024 * 1024) / seconds) * 10) / 10;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  measureEncryptMBps().then(
    (encryptMBps) => console.log(JSON.stringify({ encryptMBps })),
    (err: Error) => {
      console.error(err);
      process.exit(1);
    },
  );
}

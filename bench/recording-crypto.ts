/**
 * Throughput of the recording encryptor: plaintext pushed through EncryptedTrackWriter (64 KiB
 * AES-256-GCM chunks, appended to a real file in the OS temp dir, deleted afterwards), one process,
 * one JS thread (libuv's pool does the file writes).
 * `node --import tsx bench/recording-crypto.ts` prints {"encryptMBps":..,"cpuMBps":..} (MB = 2^20 bytes).
 *
 * encryptMBps is wall-clock throughput, the median of three passes (other work on a shared machine
 * makes single passes noisy). cpuMBps divides by the CPU time the process used (all its threads):
 * the throughput one fully available core would give.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EncryptedTrackWriter } from '../server/recording/crypto/encryptedWriter';

export interface EncryptMeasurement {
  encryptMBps: number;
  cpuMBps: number;
}

export async function measureEncrypt(totalMiB = 256, writeBytes = 256 * 1024, passes = 3): Promise<EncryptMeasurement> {
  const dir = mkdtempSync(join(tmpdir(), 'chaperone-bench-crypto-'));
  try {
    // ffmpeg hands us pipe-sized buffers; one random block is reused, which is safe once write() resolves.
    const block = randomBytes(writeBytes);
    const writes = Math.ceil((totalMiB * 1024 * 1024) / writeBytes);
    const mib = (writes * writeBytes) / (1024 * 1024);
    const wall: number[] = [];
    const cpu: number[] = [];
    for (let pass = 0; pass < passes; pass++) {
      const file = join(dir, `bench-${pass}.chpr`);
      const writer = await EncryptedTrackWriter.open({ file, dataKey: randomBytes(32), recordingId: randomUUID(), trackId: randomUUID() });
      const cpu0 = process.cpuUsage();
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < writes; i++) await writer.write(block);
      await writer.close();
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      const used = process.cpuUsage(cpu0);
      wall.push(mib / seconds);
      cpu.push(mib / ((used.user + used.system) / 1e6));
      rmSync(file, { force: true });
    }
    return { encryptMBps: round(median(wall)), cpuMBps: round(median(cpu)) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Wall-clock encryption throughput in MiB/s (the figure bench:recording reports). */
export async function measureEncryptMBps(): Promise<number> {
  return (await measureEncrypt()).encryptMBps;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}

if (require.main === module) {
  measureEncrypt().then(
    (m) => console.log(JSON.stringify(m)),
    (err: Error) => {
      console.error(err);
      process.exit(1);
    },
  );
}

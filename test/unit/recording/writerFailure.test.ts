/** A full disk (or any I/O error) ends the track cleanly: typed error, earlier chunks intact. */
import { promises as fsp } from 'node:fs';
import { EncryptedTrackWriter, type TrackFile, type TrackFs } from '../../../server/recording/crypto/encryptedWriter';
import { RecordingWriteError } from '../../../server/recording/crypto/errors';
import { openTrack, pattern, spec, tempDir } from './trackFixtures';

const CHUNK = 1024;
let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir('writer-failure');
});
afterEach(() => tmp.cleanup());

/**
 * A real file whose disk "fills up" after `capacity` bytes: the write that crosses the limit
 * writes what fits (a short write, as a real full disk does) and the next attempt fails with `code`.
 */
function limitedFs(capacity: number, code = 'ENOSPC'): TrackFs & { truncatedTo: number[] } {
  const truncatedTo: number[] = [];
  return {
    truncatedTo,
    create: async (file) => {
      const fh = await fsp.open(file, 'wx', 0o600);
      const limited: TrackFile = {
        write: async (buffer, offset, length, position) => {
          const room = capacity - position;
          if (room <= 0) throw Object.assign(new Error(`${code}: simulated`), { code });
          return fh.write(buffer, offset, Math.min(length, room), position);
        },
        truncate: async (len) => {
          truncatedTo.push(len);
          await fh.truncate(len);
        },
        datasync: () => fh.datasync(),
        close: () => fh.close(),
      };
      return limited;
    },
  };
}

async function writeUntilFailure(w: EncryptedTrackWriter, data: Buffer): Promise<unknown> {
  try {
    for (let i = 0; i < data.length; i += 300) await w.write(data.subarray(i, i + 300));
    await w.close();
  } catch (err) {
    return err;
  }
  return undefined;
}

test('ENOSPC rejects with DISK_FULL, reports through onError, and keeps earlier chunks readable', async () => {
  const s = spec(tmp.dir, 'full');
  const fs = limitedFs(3500); // header + 3 records of ~1 KiB fit, the 4th is torn
  const onError = jest.fn();
  const w = await EncryptedTrackWriter.open({ ...s, chunkBytes: CHUNK, flushIntervalMs: 0, fs, onError });
  const data = pattern(10 * CHUNK);
  const err = await writeUntilFailure(w, data);
  expect(err).toBeInstanceOf(RecordingWriteError);
  expect((err as RecordingWriteError).code).toBe('DISK_FULL');
  expect(onError).toHaveBeenCalledTimes(1);
  expect(w.failure).toBe(err);
  // The torn record was cut back to the last good offset.
  expect(fs.truncatedTo).toEqual([w.bytesWritten]);
  expect((await fsp.stat(s.file)).size).toBe(w.bytesWritten);
  // Later operations keep failing with the same error; close still releases the file.
  await expect(w.write(Buffer.from('more'))).rejects.toBe(err);
  await expect(w.close()).rejects.toBe(err);

  const r = await openTrack(s);
  expect(r.complete).toBe(false);
  expect(r.plaintextSize).toBe(w.plaintextBytes);
  expect(r.chunkCount).toBe(w.chunksWritten);
  expect(r.chunkCount).toBeGreaterThan(0);
  expect((await r.readAll()).equals(data.subarray(0, r.plaintextSize))).toBe(true);
});

test('other I/O errors are reported as IO', async () => {
  const s = spec(tmp.dir, 'eio');
  const w = await EncryptedTrackWriter.open({ ...s, chunkBytes: CHUNK, flushIntervalMs: 0, fs: limitedFs(2500, 'EIO') });
  const err = await writeUntilFailure(w, pattern(5 * CHUNK));
  expect(err).toMatchObject({ name: 'RecordingWriteError', code: 'IO' });
  const r = await openTrack(s);
  expect(r.complete).toBe(false);
  expect(r.chunkCount).toBe(2);
});

test('a failure found by the flush timer reaches onError and the next write', async () => {
  const s = spec(tmp.dir, 'timer');
  const errors: RecordingWriteError[] = [];
  const headerOnly = 40; // room for the header only
  const w = await EncryptedTrackWriter.open({ ...s, chunkBytes: CHUNK, flushIntervalMs: 20, fs: limitedFs(headerOnly), onError: (e) => errors.push(e) });
  await w.write(Buffer.from('a little audio'));
  await new Promise((r) => setTimeout(r, 100));
  expect(errors).toHaveLength(1);
  expect(errors[0]?.code).toBe('DISK_FULL');
  await expect(w.write(Buffer.from('x'))).rejects.toBe(errors[0]);
  await expect(w.close()).rejects.toBe(errors[0]);
  const r = await openTrack(s);
  expect(r.plaintextSize).toBe(0);
  expect(r.complete).toBe(false);
});

test('a disk too full for the header fails open with DISK_FULL', async () => {
  const s = spec(tmp.dir, 'nohdr');
  await expect(EncryptedTrackWriter.open({ ...s, fs: limitedFs(0) })).rejects.toMatchObject({ code: 'DISK_FULL' });
});

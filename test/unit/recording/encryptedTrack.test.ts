import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { EncryptedTrackReader } from '../../../server/recording/crypto/encryptedReader';
import { EncryptedTrackWriter } from '../../../server/recording/crypto/encryptedWriter';
import { RecordingRangeError, RecordingWriteError } from '../../../server/recording/crypto/errors';
import { openTrack, pattern, recordSpans, spec, tempDir, writeTrack } from './trackFixtures';

const CHUNK = 1024;
let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir('track');
});
afterEach(() => tmp.cleanup());

async function collect(it: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const p of it) parts.push(p);
  return Buffer.concat(parts);
}

describe('EncryptedTrackWriter + EncryptedTrackReader round trip', () => {
  test.each([
    ['empty', 0],
    ['one byte', 1],
    ['one byte short of a chunk', CHUNK - 1],
    ['exactly one chunk', CHUNK],
    ['one chunk and a byte', CHUNK + 1],
    ['exactly three chunks', 3 * CHUNK],
    ['many chunks and a partial', 10 * CHUNK + 517],
  ])('%s (%i bytes)', async (_name, n) => {
    const s = spec(tmp.dir, 'rt');
    const data = pattern(n);
    const w = await writeTrack(s, data, CHUNK, 333);
    expect(w.bytesWritten).toBe(statSync(s.file).size);
    expect(w.plaintextBytes).toBe(n);
    // full chunks + one final chunk (empty when the data ends on a chunk boundary)
    expect(w.chunksWritten).toBe(Math.floor(n / CHUNK) + 1);
    const r = await openTrack(s);
    expect(r.complete).toBe(true);
    expect(r.plaintextSize).toBe(n);
    expect(r.tornTailBytes).toBe(0);
    expect((await r.readAll()).equals(data)).toBe(true);
    await r.verifyAll();
  });

  test('default 64 KiB chunks, with large and small writes', async () => {
    const s = spec(tmp.dir, 'big');
    const data = pattern(5 * 64 * 1024 + 12345);
    const w = await EncryptedTrackWriter.open({ ...s, flushIntervalMs: 0 });
    await w.write(data.subarray(0, 3 * 64 * 1024 + 10)); // takes the whole-chunk fast path after staging
    await w.write(data.subarray(3 * 64 * 1024 + 10));
    await w.close();
    const r = await openTrack(s);
    expect(r.chunkCount).toBe(6);
    expect((await r.readAll()).equals(data)).toBe(true);
  });

  test('the writer does not keep a reference to the caller buffer after write resolves', async () => {
    const s = spec(tmp.dir, 'reuse');
    const w = await EncryptedTrackWriter.open({ ...s, chunkBytes: 8, flushIntervalMs: 0 });
    const buf = Buffer.from('abcdefgh');
    await w.write(buf);
    buf.fill(0x7a);
    await w.write(Buffer.from('xyz'));
    await w.close();
    expect((await (await openTrack(s)).readAll()).toString()).toBe('abcdefghxyz');
  });

  test('close is idempotent and write after close is refused', async () => {
    const s = spec(tmp.dir, 'closed');
    const w = await EncryptedTrackWriter.open({ ...s, flushIntervalMs: 0 });
    await Promise.all([w.close(), w.close()]);
    await expect(w.write(Buffer.from('late'))).rejects.toMatchObject({ name: 'RecordingWriteError', code: 'CLOSED' });
    expect((await openTrack(s)).complete).toBe(true);
  });

  test('never overwrites an existing file', async () => {
    const s = spec(tmp.dir, 'exists');
    writeFileSync(s.file, 'precious');
    await expect(EncryptedTrackWriter.open(s)).rejects.toBeInstanceOf(RecordingWriteError);
    expect(readFileSync(s.file, 'utf8')).toBe('precious');
  });

  test('rejects a data key of the wrong size', async () => {
    await expect(EncryptedTrackWriter.open(spec(tmp.dir, 'k', { dataKey: Buffer.alloc(16) }))).rejects.toThrow(/32 bytes/);
  });
});

describe('Range reads', () => {
  const n = 7 * CHUNK + 300;
  const data = pattern(n, 99);
  let s: ReturnType<typeof spec>;
  let r: EncryptedTrackReader;
  beforeEach(async () => {
    s = spec(tmp.dir, 'range');
    await writeTrack(s, data, CHUNK, 700);
    r = await openTrack(s);
  });

  test.each([
    [0, 0],
    [0, CHUNK - 1],
    [CHUNK - 1, CHUNK],
    [CHUNK, 2 * CHUNK - 1],
    [CHUNK - 10, 3 * CHUNK + 10],
    [5, n - 1],
    [n - 1, n - 1],
    [0, n - 1],
  ])('bytes %i-%i', async (start, end) => {
    expect((await collect(r.read(start, end))).equals(data.subarray(start, end + 1))).toBe(true);
  });

  test('random ranges', async () => {
    for (let i = 0; i < 50; i++) {
      const a = Math.floor(Math.random() * n);
      const b = a + Math.floor(Math.random() * (n - a));
      expect((await collect(r.read(a, b))).equals(data.subarray(a, b + 1))).toBe(true);
    }
  });

  test('decrypts only the chunks covering the range', async () => {
    const parts: Buffer[] = [];
    for await (const p of r.read(CHUNK + 5, CHUNK + 10)) parts.push(p);
    expect(parts).toHaveLength(1);
    expect(parts[0]?.length).toBe(6);
  });

  test.each([
    [n, n],
    [0, n],
    [-1, 5],
    [10, 5],
    [0.5, 3],
  ])('range %p-%p outside the track is a RecordingRangeError', (a, b) => {
    expect(() => r.read(a, b)).toThrow(RecordingRangeError);
  });

  test('an empty track has no readable range', async () => {
    const e = spec(tmp.dir, 'empty');
    await writeTrack(e, Buffer.alloc(0), CHUNK);
    const er = await openTrack(e);
    expect(er.plaintextSize).toBe(0);
    expect(() => er.read(0, 0)).toThrow(RecordingRangeError);
    expect((await er.readAll()).length).toBe(0);
  });
});

describe('crash safety', () => {
  test('the flush timer seals buffered data, so an unclosed track reads up to its last chunk', async () => {
    const s = spec(tmp.dir, 'flush');
    const w = await EncryptedTrackWriter.open({ ...s, chunkBytes: 64 * 1024, flushIntervalMs: 30 });
    await w.write(Buffer.from('hello '));
    await new Promise((r) => setTimeout(r, 120));
    await w.write(Buffer.from('world'));
    await new Promise((r) => setTimeout(r, 120));
    // As after kill -9: the writer never closed.
    const r = await openTrack(s);
    expect(r.complete).toBe(false);
    expect((await r.readAll()).toString()).toBe('hello world');
    expect(recordSpans(s.file, s.recordingId, s.trackId).records.map((x) => x.final)).toEqual([false, false]);
    await w.close();
    const closed = await openTrack(s);
    expect(closed.complete).toBe(true);
    expect((await closed.readAll()).toString()).toBe('hello world');
  });
});

describe('no plaintext on disk', () => {
  test('container signatures written repeatedly never appear in the file', async () => {
    const s = spec(tmp.dir, 'sig');
    const ebml = Buffer.from('1A45DFA3', 'hex');
    const ogg = Buffer.from('OggS', 'ascii');
    const unit = Buffer.concat([ebml, Buffer.from('webm-header-'), ogg, Buffer.from('page-'), Buffer.from('ftypisom'), Buffer.from('RIFF')]);
    const data = Buffer.concat(Array.from({ length: 5000 }, () => unit));
    await writeTrack(s, data, 4096, 4000);
    const file = readFileSync(s.file);
    for (const sig of [ebml, ogg, Buffer.from('webm-header-'), Buffer.from('ftyp'), Buffer.from('RIFF')]) {
      expect(file.includes(sig)).toBe(false);
    }
    expect((await (await openTrack(s)).readAll()).equals(data)).toBe(true);
  });
});

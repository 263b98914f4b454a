/** Tampering, truncation, reordering and cross-recording swaps are all detected. */
import { randomBytes } from 'node:crypto';
import { readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { RecordingIntegrityError } from '../../../server/recording/crypto/errors';
import { encodeHeader, RECORD_PREFIX_BYTES } from '../../../server/recording/crypto/chunkFormat';
import { openTrack, pattern, recordSpans, spec, tempDir, writeTrack, type TrackSpec } from './trackFixtures';

const CHUNK = 1024;
const N = 4 * CHUNK + 200; // chunks 0..3 full, chunk 4 = final with 200 bytes
const data = pattern(N, 3);
let tmp: ReturnType<typeof tempDir>;
let s: TrackSpec;

beforeEach(async () => {
  tmp = tempDir('integrity');
  s = spec(tmp.dir, 'a');
  await writeTrack(s, data, CHUNK);
});
afterEach(() => tmp.cleanup());

const spans = (t: TrackSpec = s) => recordSpans(t.file, t.recordingId, t.trackId);

function mutate(fn: (b: Buffer) => Buffer | void, file = s.file): void {
  const b = readFileSync(file);
  writeFileSync(file, fn(b) ?? b);
}

async function integrityErrorOf(p: Promise<unknown>): Promise<RecordingIntegrityError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(RecordingIntegrityError);
    return err as RecordingIntegrityError;
  }
  throw new Error('expected a RecordingIntegrityError');
}

async function readAllOf(t: TrackSpec): Promise<Buffer> {
  return (await openTrack(t)).readAll();
}

describe('tampering', () => {
  test('a flipped ciphertext byte fails that chunk only, naming it', async () => {
    const rec = spans().records[1];
    mutate((b) => {
      b[(rec?.start ?? 0) + RECORD_PREFIX_BYTES + 100] ^= 0x01;
    });
    const r = await openTrack(s); // the index and last chunk are fine
    const err = await integrityErrorOf(r.readAll());
    expect(err.chunkIndex).toBe(1);
    expect(err.message).toMatch(/chunk 1/);
    // Ranges that do not touch chunk 1 still play.
    const parts: Buffer[] = [];
    for await (const p of r.read(2 * CHUNK, N - 1)) parts.push(p);
    expect(Buffer.concat(parts).equals(data.subarray(2 * CHUNK))).toBe(true);
  });

  test('a flipped tag byte is detected', async () => {
    const rec = spans().records[2];
    mutate((b) => {
      b[(rec?.end ?? 0) - 1] ^= 0x80;
    });
    expect((await integrityErrorOf(readAllOf(s))).chunkIndex).toBe(2);
  });

  test('a flipped nonce byte is detected', async () => {
    const rec = spans().records[0];
    mutate((b) => {
      b[(rec?.start ?? 0) + 13] ^= 0x01;
    });
    expect((await integrityErrorOf(readAllOf(s))).chunkIndex).toBe(0);
  });

  test('tampering with the last chunk is caught at open', async () => {
    mutate((b) => {
      b[b.length - 20] ^= 0x01;
    });
    expect((await integrityErrorOf(openTrack(s))).chunkIndex).toBe(4);
  });

  test.each([
    ['magic', 0, /magic/],
    ['version', 4, /version/],
    ['recordingId', 8, /header/],
    ['trackId', encodeHeader('rec-1', 'track-1').length - 1, /header/],
  ])('a flipped header byte (%s) is rejected at open', async (_what, offset, message) => {
    mutate((b) => {
      b[offset as number] ^= 0x01;
    });
    const err = await integrityErrorOf(openTrack(s));
    expect(err.chunkIndex).toBeNull();
    expect(err.message).toMatch(message as RegExp);
  });

  test('clearing the final flag of the last chunk is detected', async () => {
    const last = spans().records[4];
    mutate((b) => {
      b[(last?.start ?? 0) + 12] = 0;
    });
    expect((await integrityErrorOf(openTrack(s))).chunkIndex).toBe(4);
  });

  test('setting the final flag on an earlier chunk is detected', async () => {
    const rec = spans().records[1];
    mutate((b) => {
      b[(rec?.start ?? 0) + 12] = 1;
    });
    const err = await integrityErrorOf(openTrack(s));
    expect(err.chunkIndex).toBe(2);
    expect(err.reason).toMatch(/after the final chunk/);
  });

  test('data appended after the final chunk is rejected', async () => {
    const first = spans().records[0];
    mutate((b) => Buffer.concat([b, b.subarray(first?.start, first?.end)]));
    expect((await integrityErrorOf(openTrack(s))).chunkIndex).toBe(5);
  });
});

describe('truncation', () => {
  test('cutting the final chunk leaves an incomplete but readable track', async () => {
    const last = spans().records[4];
    truncateSync(s.file, last?.start);
    const r = await openTrack(s);
    expect(r.complete).toBe(false);
    expect(r.plaintextSize).toBe(4 * CHUNK);
    expect((await r.readAll()).equals(data.subarray(0, 4 * CHUNK))).toBe(true);
  });

  test('a torn record (cut mid-record) is ignored', async () => {
    const rec = spans().records[3];
    truncateSync(s.file, (rec?.start ?? 0) + 500);
    const r = await openTrack(s);
    expect(r.complete).toBe(false);
    expect(r.tornTailBytes).toBe(500);
    expect((await r.readAll()).equals(data.subarray(0, 3 * CHUNK))).toBe(true);
  });

  test('a torn record prefix is ignored', async () => {
    const rec = spans().records[2];
    truncateSync(s.file, (rec?.start ?? 0) + 7);
    const r = await openTrack(s);
    expect(r.complete).toBe(false);
    expect(r.plaintextSize).toBe(2 * CHUNK);
  });

  test('a file cut inside its header is rejected', async () => {
    truncateSync(s.file, 6);
    expect((await integrityErrorOf(openTrack(s))).chunkIndex).toBeNull();
  });

  test('a header with no chunks is an empty, incomplete track', async () => {
    truncateSync(s.file, spans().header);
    const r = await openTrack(s);
    expect(r.complete).toBe(false);
    expect(r.plaintextSize).toBe(0);
  });
});

describe('reordering', () => {
  function swapRecords(i: number, j: number): void {
    const recs = spans().records;
    mutate((b) => {
      const parts: Buffer[] = recs.map((r) => Buffer.from(b.subarray(r.start, r.end)));
      const pi = parts[i] as Buffer;
      parts[i] = parts[j] as Buffer;
      parts[j] = pi;
      return Buffer.concat([b.subarray(0, spans().header), ...parts]);
    });
  }

  test('swapping two chunk records is detected', async () => {
    swapRecords(0, 1);
    const err = await integrityErrorOf(openTrack(s));
    expect(err.chunkIndex).toBe(0);
    expect(err.reason).toMatch(/out of order/);
  });

  test('swapping records and relabelling their index fields still fails authentication', async () => {
    swapRecords(1, 2);
    const recs = spans().records;
    mutate((b) => {
      b.writeBigUInt64BE(1n, (recs[1]?.start ?? 0) + 4);
      b.writeBigUInt64BE(2n, (recs[2]?.start ?? 0) + 4);
    });
    const err = await integrityErrorOf(readAllOf(s));
    expect(err.chunkIndex).toBe(1);
    expect(err.reason).toMatch(/authentication failed/);
  });
});

describe('chunks swapped between recordings and tracks (same data key)', () => {
  async function transplant(other: TrackSpec): Promise<void> {
    await writeTrack(other, pattern(N, 42), CHUNK);
    const theirs = recordSpans(other.file, other.recordingId, other.trackId).records[1];
    const ours = spans().records[1];
    const donor = readFileSync(other.file).subarray(theirs?.start, theirs?.end);
    mutate((b) => Buffer.concat([b.subarray(0, ours?.start), donor, b.subarray(ours?.end)]));
  }

  test('a chunk from another recording is rejected', async () => {
    await transplant({ ...s, file: `${tmp.dir}/other-rec.chpr`, recordingId: 'rec-2' });
    const err = await integrityErrorOf(readAllOf(s));
    expect(err.chunkIndex).toBe(1);
  });

  test('a chunk from another track of the same recording is rejected', async () => {
    await transplant({ ...s, file: `${tmp.dir}/other-track.chpr`, trackId: 'track-2' });
    const err = await integrityErrorOf(readAllOf(s));
    expect(err.chunkIndex).toBe(1);
  });

  test('a whole file presented as another recording is rejected at open', async () => {
    const err = await integrityErrorOf(openTrack({ ...s, recordingId: 'rec-2' }));
    expect(err.chunkIndex).toBeNull();
  });
});

describe('wrong data key', () => {
  test('is rejected at open (the last chunk does not authenticate)', async () => {
    const err = await integrityErrorOf(openTrack({ ...s, dataKey: randomBytes(32) }));
    expect(err.chunkIndex).toBe(4);
  });
});

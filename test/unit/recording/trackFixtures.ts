/** Helpers for the encrypted-track tests: temp dirs, writing whole tracks, and record surgery on files. */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EncryptedTrackReader } from '../../../server/recording/crypto/encryptedReader';
import { EncryptedTrackWriter } from '../../../server/recording/crypto/encryptedWriter';
import { decodeRecordPrefix, encodeHeader, recordBytes, RECORD_PREFIX_BYTES } from '../../../server/recording/crypto/chunkFormat';

export function tempDir(label: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `chaperone-${label}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface TrackSpec {
  file: string;
  dataKey: Buffer;
  recordingId: string;
  trackId: string;
}

export function spec(dir: string, name: string, overrides: Partial<TrackSpec> = {}): TrackSpec {
  return { file: join(dir, `${name}.chpr`), dataKey: randomBytes(32), recordingId: 'rec-1', trackId: 'track-1', ...overrides };
}

/** Write `data` in pieces of `pieceBytes` and close. */
export async function writeTrack(s: TrackSpec, data: Buffer, chunkBytes: number, pieceBytes = 1000): Promise<EncryptedTrackWriter> {
  const w = await EncryptedTrackWriter.open({ ...s, chunkBytes, flushIntervalMs: 0 });
  for (let i = 0; i < data.length; i += pieceBytes) await w.write(data.subarray(i, i + pieceBytes));
  await w.close();
  return w;
}

export function openTrack(s: TrackSpec): Promise<EncryptedTrackReader> {
  return EncryptedTrackReader.open(s);
}

export interface RecordSpan {
  start: number;
  end: number;
  index: number;
  final: boolean;
}

/** Locate every complete record in a track file (structure only, no crypto). */
export function recordSpans(file: string, recordingId: string, trackId: string): { header: number; records: RecordSpan[] } {
  const bytes = readFileSync(file);
  const header = encodeHeader(recordingId, trackId).length;
  const records: RecordSpan[] = [];
  let o = header;
  while (o + RECORD_PREFIX_BYTES <= bytes.length) {
    const p = decodeRecordPrefix(bytes.subarray(o, o + RECORD_PREFIX_BYTES));
    const end = o + recordBytes(p.ciphertextLength);
    if (end > bytes.length) break;
    records.push({ start: o, end, index: p.index, final: p.final });
    o = end;
  }
  return { header, records };
}

/** Deterministic, recognisable test data. */
export function pattern(n: number, seed = 7): Buffer {
  const b = Buffer.alloc(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    b[i] = x >>> 16;
  }
  return b;
}

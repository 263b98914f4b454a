/**
 * Reads an encrypted recording track (format: chunkFormat.ts), decrypting in memory only.
 *
 * open() scans the record prefixes to build the chunk index (plaintext offset -> file offset),
 * checks their structure and order, and authenticates the last chunk so that `complete` (the
 * authenticated final flag) and the data key are known good. Every chunk a read touches is
 * authenticated before any of its plaintext is yielded. A torn record at the end of the file (a
 * crash mid-append) is ignored: the track reads up to its last complete chunk with complete=false.
 *
 * The reader holds no open file: each read opens the file for its own duration, so an abandoned
 * HTTP response cannot leak descriptors, and a track still being written reads up to the index
 * taken at open().
 */
import { promises as fsp } from 'node:fs';
import {
  assertDataKey,
  checkHeader,
  decodeRecordPrefix,
  encodeHeader,
  hasBadFinalFlag,
  MAX_CHUNK_BYTES,
  openChunk,
  RECORD_PREFIX_BYTES,
  recordBytes,
} from './chunkFormat';
import { RecordingIntegrityError, RecordingRangeError } from './errors';

export interface EncryptedTrackReaderOptions {
  file: string;
  dataKey: Buffer;
  recordingId: string;
  trackId: string;
}

interface ChunkEntry {
  /** File offset of the record. */
  fileOffset: number;
  /** Plaintext offset of the chunk's first byte within the track. */
  plainStart: number;
  /** Plaintext (= ciphertext) length. */
  length: number;
}

type FileHandle = Awaited<ReturnType<typeof fsp.open>>;

export class EncryptedTrackReader {
  private constructor(
    readonly file: string,
    private readonly dataKey: Buffer,
    private readonly header: Buffer,
    private readonly chunks: readonly ChunkEntry[],
    /** True iff the track ends with its authenticated final chunk (closed cleanly). */
    readonly complete: boolean,
    /** Total plaintext bytes readable (up to the last complete chunk). */
    readonly plaintextSize: number,
    /** Bytes of a torn record after the last complete chunk (a crash mid-append); ignored. */
    readonly tornTailBytes: number,
  ) {}

  /**
   * Open and index a track. Throws RecordingIntegrityError for a mismatched header, records out of
   * order, data after the final chunk, or a last chunk that fails authentication (e.g. wrong data key);
   * ENOENT and other fs errors propagate as they are.
   */
  static async open(opts: EncryptedTrackReaderOptions): Promise<EncryptedTrackReader> {
    assertDataKey(opts.dataKey);
    const header = encodeHeader(opts.recordingId, opts.trackId);
    const dataKey = Buffer.from(opts.dataKey);
    const fh = await fsp.open(opts.file, 'r');
    try {
      const size = (await fh.stat()).size;
      checkHeader(await readExactly(fh, 0, Math.min(size, header.length)), header);
      const chunks: ChunkEntry[] = [];
      let offset = header.length;
      let plain = 0;
      let final = false;
      const prefix = Buffer.alloc(RECORD_PREFIX_BYTES);
      while (offset < size) {
        const index = chunks.length;
        if (final) throw new RecordingIntegrityError(index, 'data after the final chunk');
        if (size - offset < RECORD_PREFIX_BYTES) break; // torn prefix
        await readInto(fh, prefix, offset);
        if (hasBadFinalFlag(prefix)) throw new RecordingIntegrityError(index, 'invalid final flag');
        const p = decodeRecordPrefix(prefix);
        if (p.ciphertextLength > MAX_CHUNK_BYTES) throw new RecordingIntegrityError(index, 'implausible chunk length');
        if (offset + recordBytes(p.ciphertextLength) > size) break; // torn record
        if (p.index !== index) throw new RecordingIntegrityError(index, `chunk out of order (record claims index ${p.index})`);
        chunks.push({ fileOffset: offset, plainStart: plain, length: p.ciphertextLength });
        plain += p.ciphertextLength;
        offset += recordBytes(p.ciphertextLength);
        final = p.final;
      }
      const last = chunks[chunks.length - 1];
      if (last) {
        // Authenticates the final flag (so `complete` can be trusted) and the data key, cheaply.
        const opened = openChunk(dataKey, header, chunks.length - 1, await readExactly(fh, last.fileOffset, recordBytes(last.length)));
        opened.plaintext.fill(0);
        final = opened.final;
      }
      return new EncryptedTrackReader(opts.file, dataKey, header, chunks, final, plain, size - offset);
    } finally {
      await fh.close();
    }
  }

  /** Number of complete chunks indexed. */
  get chunkCount(): number {
    return this.chunks.length;
  }

  /**
   * The plaintext bytes start..endInclusive, decrypted chunk by chunk (only the chunks covering the
   * range). Throws RecordingRangeError at once (not on iteration) if the range is not inside the track.
   */
  read(start: number, endInclusive: number): AsyncIterable<Buffer> {
    if (!Number.isSafeInteger(start) || !Number.isSafeInteger(endInclusive) || start < 0 || endInclusive < start || endInclusive >= this.plaintextSize) {
      throw new RecordingRangeError(start, endInclusive, this.plaintextSize);
    }
    return this.decryptRange(start, endInclusive);
  }

  /** The whole readable plaintext in one buffer (small tracks such as the timeline). */
  async readAll(): Promise<Buffer> {
    if (this.plaintextSize === 0) return Buffer.alloc(0);
    const parts: Buffer[] = [];
    for await (const part of this.read(0, this.plaintextSize - 1)) parts.push(part);
    return Buffer.concat(parts, this.plaintextSize);
  }

  /** Authenticate every chunk without returning plaintext (e.g. an integrity check after a crash). */
  async verifyAll(): Promise<void> {
    if (this.plaintextSize === 0) return;
    for await (const part of this.read(0, this.plaintextSize - 1)) part.fill(0);
  }

  private async *decryptRange(start: number, endInclusive: number): AsyncGenerator<Buffer> {
    const fh = await fsp.open(this.file, 'r');
    try {
      for (let i = this.firstChunkEndingAfter(start); i < this.chunks.length; i++) {
        const c = this.chunks[i] as ChunkEntry;
        if (c.plainStart > endInclusive) break;
        if (c.length === 0) continue;
        const record = await readExactly(fh, c.fileOffset, recordBytes(c.length));
        const { plaintext } = openChunk(this.dataKey, this.header, i, record);
        const from = Math.max(start, c.plainStart) - c.plainStart;
        const to = Math.min(endInclusive + 1, c.plainStart + c.length) - c.plainStart;
        yield from === 0 && to === plaintext.length ? plaintext : plaintext.subarray(from, to);
      }
    } finally {
      await fh.close();
    }
  }

  /** Binary search: the first chunk whose plaintext end is beyond `pos` (the chunk holding pos). */
  private firstChunkEndingAfter(pos: number): number {
    let lo = 0;
    let hi = this.chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const c = this.chunks[mid] as ChunkEntry;
      if (c.plainStart + c.length > pos) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

async function readInto(fh: FileHandle, buf: Buffer, position: number): Promise<void> {
  let done = 0;
  while (done < buf.length) {
    const { bytesRead } = await fh.read(buf, done, buf.length - done, position + done);
    if (bytesRead === 0) throw new RecordingIntegrityError(null, 'file shrank while being read');
    done += bytesRead;
  }
}

async function readExactly(fh: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.allocUnsafe(length);
  await readInto(fh, buf, position);
  return buf;
}

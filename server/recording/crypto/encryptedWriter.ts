/**
 * Streams one recording track to disk as authenticated AES-256-GCM chunks (format: chunkFormat.ts).
 *
 * Plaintext only ever lives in memory: it is buffered up to `chunkBytes` and sealed; ciphertext
 * records are appended at known offsets with positional writes, one write at a time, each write
 * carrying every record sealed since the last one began (usually just one). A timer seals whatever
 * is buffered every `flushIntervalMs`, so a crash (kill -9) loses at most about that much media; the
 * file stays readable up to its last complete chunk. If an append fails (ENOSPC, EIO) the file is
 * cut back to the last whole record, the writer stops and releases the file, and the failure
 * surfaces as a RecordingWriteError from the next write()/close() and at once through `onError`.
 */
import { promises as fsp } from 'node:fs';
import { assertDataKey, encodeHeader, MAX_CHUNK_BYTES, sealChunkParts } from './chunkFormat';
import { RecordingWriteError, writeErrorFrom } from './errors';

/** The part of an open file the writer uses; injectable so tests can simulate a full disk. */
export interface TrackFile {
  write(buffer: Buffer, offset: number, length: number, position: number): Promise<{ bytesWritten: number }>;
  truncate(length: number): Promise<void>;
  datasync(): Promise<void>;
  close(): Promise<void>;
}

/** Creates a track file. The default refuses to overwrite an existing file and makes it 0600. */
export interface TrackFs {
  create(file: string): Promise<TrackFile>;
}

export const nodeTrackFs: TrackFs = {
  create: (file) => fsp.open(file, 'wx', 0o600),
};

export interface EncryptedTrackWriterOptions {
  /** Path of the new track file; must not exist yet. */
  file: string;
  /** The recording's 32-byte data key (from KeyRing.newDataKey / unwrap). */
  dataKey: Buffer;
  recordingId: string;
  trackId: string;
  /** Plaintext bytes per full chunk. Default 64 KiB. */
  chunkBytes?: number;
  /** Seal and append partial data at this interval (bounds loss on a crash). Default 1000 ms; 0 disables. */
  flushIntervalMs?: number;
  /** Called once when the writer fails, including failures of the background flush that no caller awaits. */
  onError?: (err: RecordingWriteError) => void;
  /** File system seam for tests. */
  fs?: TrackFs;
}

/** Size of a sealed record and of the plaintext it holds, for accounting after a (partial) append. */
interface PendingRecord {
  bytes: number;
  plaintext: number;
}

export const DEFAULT_CHUNK_BYTES = 64 * 1024;
export const DEFAULT_FLUSH_INTERVAL_MS = 1000;

export class EncryptedTrackWriter {
  private readonly staging: Buffer;
  private readonly maxPendingBytes: number;
  private staged = 0;
  private nextIndex = 0;
  private appendedChunks = 0;
  /** Parts of sealed records not yet handed to the file system (joined into one write per batch). */
  private pending: Buffer[] = [];
  private pendingRecords: PendingRecord[] = [];
  private pendingBytes = 0;
  private pumping = false;
  private pumped: Promise<void> = Promise.resolve();
  private batchWritten: Promise<void> = Promise.resolve();
  private offset = 0;
  private sealedPlaintext = 0;
  private tail: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private closing = false;
  private closed: Promise<void> | undefined;
  private failed: RecordingWriteError | undefined;
  private released: Promise<void> | undefined;

  private constructor(
    readonly file: string,
    private readonly fh: TrackFile,
    private readonly dataKey: Buffer,
    private readonly header: Buffer,
    private readonly chunkBytes: number,
    private readonly onError: ((err: RecordingWriteError) => void) | undefined,
  ) {
    this.staging = Buffer.alloc(chunkBytes);
    this.maxPendingBytes = Math.max(1024 * 1024, 4 * chunkBytes);
  }

  /** Create the file, write its header, and start the flush timer. */
  static async open(opts: EncryptedTrackWriterOptions): Promise<EncryptedTrackWriter> {
    assertDataKey(opts.dataKey);
    const chunkBytes = opts.chunkBytes ?? DEFAULT_CHUNK_BYTES;
    if (!Number.isInteger(chunkBytes) || chunkBytes < 1 || chunkBytes > MAX_CHUNK_BYTES) {
      throw new RangeError(`chunkBytes must be an integer in 1..${MAX_CHUNK_BYTES}`);
    }
    const flushIntervalMs = opts.flushIntervalMs ?? DEFAULT_FLUSH_INTERVAL_MS;
    const header = encodeHeader(opts.recordingId, opts.trackId);
    let fh: TrackFile;
    try {
      fh = await (opts.fs ?? nodeTrackFs).create(opts.file);
    } catch (err) {
      throw writeErrorFrom(err, `cannot create track file ${opts.file}`);
    }
    // Copy the key: the caller may zero its buffer once every writer is open.
    const writer = new EncryptedTrackWriter(opts.file, fh, Buffer.from(opts.dataKey), header, chunkBytes, opts.onError);
    await writer.append(header, []);
    if (writer.failed) throw writer.failed; // the file was released by fail()
    if (flushIntervalMs > 0) {
      writer.timer = setInterval(() => writer.flushPartial(), flushIntervalMs);
      writer.timer.unref(); // a recording in progress must not keep the process alive on its own
    }
    return writer;
  }

  /** Bytes of the file successfully appended so far (header + complete records): the ciphertext size. */
  get bytesWritten(): number {
    return this.offset;
  }

  /** Plaintext bytes already sealed into the file (excludes what is still buffered). */
  get plaintextBytes(): number {
    return this.sealedPlaintext;
  }

  /** Chunks appended so far. */
  get chunksWritten(): number {
    return this.appendedChunks;
  }

  /** The failure that stopped this writer, if any. */
  get failure(): RecordingWriteError | undefined {
    return this.failed;
  }

  /**
   * Buffer plaintext; every time a chunk fills it is sealed and its append started before the promise
   * resolves (back-pressure: at most one chunk is ever in flight). Writes are applied in call order.
   * The buffer is read when the write runs, so do not modify it until the promise settles. An append
   * failure rejects this write or the next operation (write/close) with a RecordingWriteError.
   */
  write(plaintext: Buffer): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    if (this.closing) return Promise.reject(new RecordingWriteError('CLOSED', `write after close of ${this.file}`));
    return this.enqueue(async () => {
      let pos = 0;
      while (pos < plaintext.length) {
        const n = Math.min(plaintext.length - pos, this.chunkBytes - this.staged);
        if (this.staged === 0 && n === this.chunkBytes) {
          // A whole chunk is available in the input: seal it in place, skipping the staging copy.
          await this.appendChunk(plaintext.subarray(pos, pos + n), false);
        } else {
          plaintext.copy(this.staging, this.staged, pos, pos + n);
          this.staged += n;
          if (this.staged === this.chunkBytes) await this.sealStaged(false);
        }
        pos += n;
      }
    });
  }

  /**
   * Seal what is buffered as the final chunk (possibly empty), sync and close the file.
   * Idempotent. If the writer had failed, no final chunk is written (the track stays incomplete; the
   * descriptor was already released at the failure) and the promise rejects with the original
   * RecordingWriteError.
   */
  close(): Promise<void> {
    this.closed ??= this.finish();
    return this.closed;
  }

  private async finish(): Promise<void> {
    this.closing = true;
    if (this.timer) clearInterval(this.timer);
    try {
      await this.enqueue(async () => {
        await this.sealStaged(true);
        await this.drain();
        try {
          await this.fh.datasync();
        } catch (err) {
          throw this.fail(writeErrorFrom(err, `cannot sync ${this.file}`));
        }
      });
    } finally {
      while (this.pumping) await this.pumped; // never close the file under an append in flight
      this.staging.fill(0);
      this.dataKey.fill(0);
      await this.releaseFile();
    }
  }

  /** Timer tick: seal partial data so a crash loses at most one interval. Errors go to onError. */
  private flushPartial(): void {
    if (this.staged === 0 || this.closing || this.failed) return;
    this.enqueue(async () => {
      if (this.staged > 0) await this.sealStaged(false);
    }).catch(() => undefined); // already recorded in this.failed and reported through onError
  }

  /** Run operations strictly one after another; once failed, every later operation rejects. */
  private enqueue(op: () => Promise<void>): Promise<void> {
    const run = this.tail.then(() => {
      if (this.failed) throw this.failed;
      return op();
    });
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async sealStaged(final: boolean): Promise<void> {
    await this.appendChunk(this.staging.subarray(0, this.staged), final);
    this.staged = 0;
  }

  /**
   * Seal a chunk and queue its record for appending. Appends run in the background, one at a time,
   * each taking every record sealed meanwhile (group commit): sealing (CPU, this thread) overlaps
   * writing (libuv's pool), and a slow disk gets fewer, larger writes instead of a backlog of small
   * ones. Back-pressure: once `maxPendingBytes` are queued, wait for the write in flight.
   */
  private async appendChunk(plaintext: Buffer, final: boolean): Promise<void> {
    if (this.failed) throw this.failed;
    const record = sealChunkParts(this.dataKey, this.header, this.nextIndex, final, plaintext);
    this.nextIndex += 1;
    this.pending.push(...record.parts);
    this.pendingRecords.push({ bytes: record.length, plaintext: plaintext.length });
    this.pendingBytes += record.length;
    this.pump();
    while (this.pumping && this.pendingBytes >= this.maxPendingBytes) await this.batchWritten;
    if (this.failed) throw this.failed;
  }

  /** Start the background append loop unless it is already running. */
  private pump(): void {
    if (this.pumping || this.failed || this.pending.length === 0) return;
    this.pumping = true;
    this.pumped = (async () => {
      try {
        while (this.pending.length > 0 && !this.failed) {
          const batch = Buffer.concat(this.pending, this.pendingBytes);
          const records = this.pendingRecords;
          this.pending = [];
          this.pendingRecords = [];
          this.pendingBytes = 0;
          this.batchWritten = this.append(batch, records);
          await this.batchWritten;
        }
      } finally {
        // Set synchronously after the loop's last check, so a record queued later always starts a new pump.
        this.pumping = false;
      }
    })();
  }

  /** Wait until every queued record is appended; rethrow a failure. */
  private async drain(): Promise<void> {
    while (this.pumping) await this.pumped;
    if (this.failed) throw this.failed;
  }

  /**
   * Append a batch of records at the current end with positional writes. On failure, cut the file
   * back to the last record that was written whole, so earlier records stay intact, and record the
   * failure (never rejects: callers learn of it through drain()/the next operation).
   */
  private async append(bytes: Buffer, records: readonly PendingRecord[]): Promise<void> {
    const at = this.offset;
    let done = 0;
    try {
      while (done < bytes.length) {
        const { bytesWritten } = await this.fh.write(bytes, done, bytes.length - done, at + done);
        if (bytesWritten <= 0) throw Object.assign(new Error('write made no progress'), { code: 'EIO' });
        done += bytesWritten;
      }
    } catch (err) {
      let kept = 0;
      let whole = 0;
      for (const r of records) {
        if (kept + r.bytes > done) break;
        kept += r.bytes;
        whole += 1;
      }
      // Best effort: if truncate fails too, the reader treats the torn record as a cut-off tail.
      await this.fh.truncate(at + kept).catch(() => undefined);
      this.committed(at + kept, records.slice(0, whole));
      this.fail(writeErrorFrom(err, `cannot append to ${this.file}`));
      return;
    }
    this.committed(at + bytes.length, records);
  }

  private committed(offset: number, records: readonly PendingRecord[]): void {
    this.offset = offset;
    this.appendedChunks += records.length;
    for (const r of records) this.sealedPlaintext += r.plaintext;
  }

  /** Close the descriptor once, whoever gets there first (close() or a failure). */
  private releaseFile(): Promise<void> {
    this.released ??= this.fh.close().catch(() => undefined);
    return this.released;
  }

  /** Stop for good: nothing more can be appended, so the descriptor is released at once, even if close() is never called. */
  private fail(err: RecordingWriteError): RecordingWriteError {
    if (!this.failed) {
      this.failed = err;
      if (this.timer) clearInterval(this.timer);
      void this.releaseFile();
      try {
        this.onError?.(err);
      } catch {
        // a faulty listener must not mask the write error
      }
    }
    return this.failed;
  }
}

/** Typed errors of the encrypted track format, so callers can map them (alert, 416, 500) without parsing messages. */

/**
 * The file is not what it claims to be: a chunk failed authentication (tampered, wrong data key,
 * swapped from another recording/track), chunks are out of order, or the header does not match.
 * `chunkIndex` names the first chunk found bad; null when the file header itself is bad.
 */
export class RecordingIntegrityError extends Error {
  override readonly name = 'RecordingIntegrityError';
  constructor(
    readonly chunkIndex: number | null,
    readonly reason: string,
  ) {
    super(chunkIndex === null ? `recording integrity: header: ${reason}` : `recording integrity: chunk ${chunkIndex}: ${reason}`);
  }
}

export type RecordingWriteErrorCode = 'DISK_FULL' | 'IO' | 'CLOSED';

/**
 * Appending to a track failed. 'DISK_FULL' for ENOSPC/EDQUOT, 'IO' for any other fs error,
 * 'CLOSED' for a write after close(). Chunks appended before the failure stay readable.
 */
export class RecordingWriteError extends Error {
  override readonly name = 'RecordingWriteError';
  constructor(
    readonly code: RecordingWriteErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A requested plaintext byte range is not inside the track (HTTP maps this to 416). */
export class RecordingRangeError extends Error {
  override readonly name = 'RecordingRangeError';
  constructor(
    readonly start: number,
    readonly endInclusive: number,
    readonly size: number,
  ) {
    super(`range ${start}-${endInclusive} is outside the track (size ${size})`);
  }
}

export function writeErrorFrom(err: unknown, what: string): RecordingWriteError {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  const diskFull = code === 'ENOSPC' || code === 'EDQUOT';
  return new RecordingWriteError(diskFull ? 'DISK_FULL' : 'IO', `${what}: ${diskFull ? 'disk full' : 'I/O error'} (${code ?? String(err)})`, { cause: err });
}

/**
 * The on-disk format of one encrypted recording track (pure: bytes in, bytes out, no I/O).
 *
 * File = header, then chunk records appended one after another:
 *
 *   header  = "CHPR" | u8 version | u16 len | recordingId (utf8) | u16 len | trackId (utf8)
 *   record  = u32 ciphertext length | u64 chunk index | u8 final flag | 12-byte nonce | ciphertext | 16-byte tag
 *
 * All integers are big-endian. Each chunk is sealed with AES-256-GCM under the recording's data key.
 * The associated data of every chunk is the whole file header (magic, version, recordingId, trackId)
 * followed by the chunk's *expected position* and final flag, so:
 *  - tampering with any ciphertext, tag, nonce or header byte fails authentication;
 *  - reordering fails, because the reader authenticates chunk i with index i from its position,
 *    whatever the record claims;
 *  - a chunk copied from another recording or track fails, even under the same data key, because
 *    its header (recordingId/trackId) differs;
 *  - truncation is visible, because only the last chunk of a closed track carries the final flag,
 *    and that flag is authenticated.
 * Nonces are 96 random bits per chunk: the birthday bound (2^32 chunks per data key, i.e. hundreds of
 * TiB at 64 KiB chunks) is far beyond any recording.
 */
import { createCipheriv, createDecipheriv, randomFillSync } from 'node:crypto';
import { RecordingIntegrityError } from './errors';

export const MAGIC = Buffer.from('CHPR', 'ascii');
export const FORMAT_VERSION = 1;
export const NONCE_BYTES = 12;
export const TAG_BYTES = 16;
/** u32 length + u64 index + u8 final + nonce. */
export const RECORD_PREFIX_BYTES = 4 + 8 + 1 + NONCE_BYTES;
export const DATA_KEY_BYTES = 32;
/** Upper bound on one chunk's plaintext: a length field above it is corruption, not a big chunk. */
export const MAX_CHUNK_BYTES = 16 * 1024 * 1024;
/** Ids are stored with a u16 length, but real ids are UUIDs; a small bound keeps headers small. */
const MAX_ID_BYTES = 255;

const ALGORITHM = 'aes-256-gcm';

/** Serialise the file header. It is also the constant prefix of every chunk's associated data. */
export function encodeHeader(recordingId: string, trackId: string): Buffer {
  const rec = idBytes(recordingId, 'recordingId');
  const trk = idBytes(trackId, 'trackId');
  const out = Buffer.alloc(MAGIC.length + 1 + 2 + rec.length + 2 + trk.length);
  let o = MAGIC.copy(out, 0);
  o = out.writeUInt8(FORMAT_VERSION, o);
  o = out.writeUInt16BE(rec.length, o);
  o += rec.copy(out, o);
  o = out.writeUInt16BE(trk.length, o);
  trk.copy(out, o);
  return out;
}

function idBytes(id: string, what: string): Buffer {
  const b = Buffer.from(id, 'utf8');
  if (b.length === 0 || b.length > MAX_ID_BYTES) throw new RangeError(`${what} must be 1..${MAX_ID_BYTES} bytes`);
  return b;
}

/**
 * Check a file's leading bytes against the header the caller expects. The caller knows which
 * recording and track it is opening (from the database), so the header is compared byte for byte
 * rather than trusted. Throws RecordingIntegrityError(null, ...) on any difference.
 */
export function checkHeader(fileStart: Buffer, expected: Buffer): void {
  if (fileStart.length < MAGIC.length || !fileStart.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new RecordingIntegrityError(null, 'not an encrypted Chaperone track (bad magic)');
  }
  if (fileStart.length > MAGIC.length && fileStart[MAGIC.length] !== FORMAT_VERSION) {
    throw new RecordingIntegrityError(null, `unsupported format version ${fileStart[MAGIC.length]}`);
  }
  if (fileStart.length < expected.length || !fileStart.subarray(0, expected.length).equals(expected)) {
    throw new RecordingIntegrityError(null, 'header does not match the expected recording and track');
  }
}

export interface RecordPrefix {
  ciphertextLength: number;
  index: number;
  final: boolean;
  nonce: Buffer;
}

/** Total bytes of a record whose ciphertext has this length. */
export function recordBytes(ciphertextLength: number): number {
  return RECORD_PREFIX_BYTES + ciphertextLength + TAG_BYTES;
}

/** Parse the fixed-size prefix of a record (structure only; authenticity is checked by openChunk). */
export function decodeRecordPrefix(buf: Buffer): RecordPrefix {
  if (buf.length < RECORD_PREFIX_BYTES) throw new RangeError('short record prefix');
  const index = buf.readBigUInt64BE(4);
  return {
    ciphertextLength: buf.readUInt32BE(0),
    index: index > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(index),
    final: buf.readUInt8(12) === 1,
    nonce: buf.subarray(13, 13 + NONCE_BYTES),
  };
}

/** True if the final-flag byte of this prefix is neither 0 nor 1 (corruption). */
export function hasBadFinalFlag(prefix: Buffer): boolean {
  return prefix.readUInt8(12) > 1;
}

function chunkAad(header: Buffer, index: number, final: boolean): Buffer {
  const aad = Buffer.allocUnsafe(header.length + 9);
  header.copy(aad, 0);
  aad.writeBigUInt64BE(BigInt(index), header.length);
  aad.writeUInt8(final ? 1 : 0, header.length + 8);
  return aad;
}

/**
 * Encrypt one chunk into a record, returned as its parts (prefix, ciphertext, tag) so a writer can
 * join several records in the single copy it makes anyway (see sealChunk for one buffer).
 */
export function sealChunkParts(dataKey: Buffer, header: Buffer, index: number, final: boolean, plaintext: Buffer): { parts: Buffer[]; length: number } {
  if (plaintext.length > MAX_CHUNK_BYTES) throw new RangeError(`chunk of ${plaintext.length} bytes exceeds ${MAX_CHUNK_BYTES}`);
  const prefix = Buffer.allocUnsafe(RECORD_PREFIX_BYTES);
  prefix.writeUInt32BE(plaintext.length, 0);
  prefix.writeBigUInt64BE(BigInt(index), 4);
  prefix.writeUInt8(final ? 1 : 0, 12);
  const nonce = prefix.subarray(13, 13 + NONCE_BYTES);
  randomFillSync(nonce);
  const cipher = createCipheriv(ALGORITHM, dataKey, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(chunkAad(header, index, final));
  const ct = cipher.update(plaintext);
  const tail = cipher.final(); // empty for GCM
  const parts = tail.length ? [prefix, ct, tail, cipher.getAuthTag()] : [prefix, ct, cipher.getAuthTag()];
  return { parts, length: recordBytes(plaintext.length) };
}

/** Encrypt one chunk into a complete record, ready to append with a single write. */
export function sealChunk(dataKey: Buffer, header: Buffer, index: number, final: boolean, plaintext: Buffer): Buffer {
  const { parts, length } = sealChunkParts(dataKey, header, index, final, plaintext);
  return Buffer.concat(parts, length);
}

/**
 * Authenticate and decrypt one record that the reader expects at position `expectedIndex`.
 * Returns the plaintext only after the tag verified: no unauthenticated byte ever leaves this function.
 */
export function openChunk(dataKey: Buffer, header: Buffer, expectedIndex: number, record: Buffer): { plaintext: Buffer; final: boolean } {
  if (record.length < RECORD_PREFIX_BYTES + TAG_BYTES) throw new RecordingIntegrityError(expectedIndex, 'record too short');
  if (hasBadFinalFlag(record)) throw new RecordingIntegrityError(expectedIndex, 'invalid final flag');
  const p = decodeRecordPrefix(record);
  if (record.length !== recordBytes(p.ciphertextLength)) throw new RecordingIntegrityError(expectedIndex, 'record length does not match its length field');
  if (p.index !== expectedIndex) throw new RecordingIntegrityError(expectedIndex, `chunk out of order (record claims index ${p.index})`);
  const ctEnd = RECORD_PREFIX_BYTES + p.ciphertextLength;
  const decipher = createDecipheriv(ALGORITHM, dataKey, p.nonce, { authTagLength: TAG_BYTES });
  // The AAD uses the position we expect, not the index the record claims, so a reordered or
  // relabelled chunk cannot authenticate.
  decipher.setAAD(chunkAad(header, expectedIndex, p.final));
  decipher.setAuthTag(record.subarray(ctEnd, ctEnd + TAG_BYTES));
  const pt = decipher.update(record.subarray(RECORD_PREFIX_BYTES, ctEnd));
  try {
    const tail = decipher.final();
    return { plaintext: tail.length ? Buffer.concat([pt, tail]) : pt, final: p.final };
  } catch {
    pt.fill(0); // unauthenticated plaintext is discarded, never returned
    throw new RecordingIntegrityError(expectedIndex, 'authentication failed (tampered, swapped from another recording or track, or wrong data key)');
  }
}

/** Validate a data key's shape early, with a clear message, instead of a cryptic cipher error. */
export function assertDataKey(dataKey: Buffer): void {
  if (!Buffer.isBuffer(dataKey) || dataKey.length !== DATA_KEY_BYTES) throw new RangeError(`data key must be ${DATA_KEY_BYTES} bytes`);
}

/**
 * Recording key management: a fresh 256-bit data key per recording, wrapped (AES-256-GCM) by the
 * school's key-encryption key (KEK). Only the wrapped form is stored (recordings.wrapped_key);
 * destroying it crypto-shreds the recording.
 *
 * KEKs come from a KeyEncryptionKeyProvider. The default is a 0600 file outside the repository,
 * generated on first start. Rotation: the provider holds the current KEK plus old ones by kekId;
 * `rewrap` moves a data key to the current KEK without touching any media file.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { readOrCreateSecret } from '../config';

const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const WRAP_CONTEXT = 'chaperone/recording-data-key/v1';

/** A wrapped data key: JSON-serialisable, safe to store in the database. */
export interface WrappedKey {
  v: 1;
  alg: 'A256GCM';
  kekId: string;
  /** base64 */
  nonce: string;
  /** base64 */
  ciphertext: string;
  /** base64 */
  tag: string;
}

const WrappedKeySchema = z.object({
  v: z.literal(1),
  alg: z.literal('A256GCM'),
  kekId: z.string().min(1).max(128),
  nonce: z.string().base64(),
  ciphertext: z.string().base64(),
  tag: z.string().base64(),
});

/** Recording keys could not be produced or recovered. Messages are safe to log (never key material). */
export class KeyError extends Error {
  override readonly name = 'KeyError';
}

/**
 * Where KEKs come from. The file provider below is the embedded default; a KMS-backed provider
 * would fetch (or KMS-decrypt) its KEKs once at start and then serve them here synchronously,
 * so nothing else changes.
 */
export interface KeyEncryptionKeyProvider {
  /** The KEK new data keys are wrapped under. */
  current(): { kekId: string; key: Buffer };
  /** A KEK by id (current or retired), or undefined if this server does not hold it. */
  byId(kekId: string): Buffer | undefined;
}

/** A stable, non-secret identifier of a KEK (a truncated hash; reveals nothing usable about the key). */
export function kekIdOf(key: Buffer): string {
  return 'kek-' + createHash('sha256').update('chaperone/kek-id/v1\0').update(key).digest('hex').slice(0, 16);
}

/** Default location of the school's recording KEK: under the data dir, never in the repository. */
export function defaultKekFile(dataDir: string): string {
  return join(dataDir, 'secrets', 'recording-kek.key');
}

/**
 * KEKs from files holding a base64 256-bit key (the format of server/config.ts readOrCreateSecret).
 * The current file is created (0600) on first start; retired files must already exist.
 */
export class FileKekProvider implements KeyEncryptionKeyProvider {
  private readonly keys = new Map<string, Buffer>();
  private readonly currentId: string;

  constructor(currentFile: string, retiredFiles: readonly string[] = []) {
    const current = readOrCreateSecret(currentFile);
    this.currentId = kekIdOf(current);
    this.keys.set(this.currentId, current);
    for (const file of retiredFiles) {
      const key = readExistingSecret(file);
      this.keys.set(kekIdOf(key), key);
    }
  }

  current(): { kekId: string; key: Buffer } {
    return { kekId: this.currentId, key: this.keys.get(this.currentId) as Buffer };
  }

  byId(kekId: string): Buffer | undefined {
    return this.keys.get(kekId);
  }
}

/** KEKs held in memory (tests, or a KMS provider's cache). The first key is current. */
export class StaticKekProvider implements KeyEncryptionKeyProvider {
  private readonly keys = new Map<string, Buffer>();
  private readonly currentId: string;

  constructor(current: Buffer, retired: readonly Buffer[] = []) {
    for (const k of [current, ...retired]) {
      if (k.length !== KEY_BYTES) throw new KeyError(`a KEK must be ${KEY_BYTES} bytes`);
      this.keys.set(kekIdOf(k), Buffer.from(k));
    }
    this.currentId = kekIdOf(current);
  }

  current(): { kekId: string; key: Buffer } {
    return { kekId: this.currentId, key: this.keys.get(this.currentId) as Buffer };
  }

  byId(kekId: string): Buffer | undefined {
    return this.keys.get(kekId);
  }
}

function readExistingSecret(file: string): Buffer {
  if (!existsSync(file)) throw new KeyError(`retired key file ${file} does not exist`);
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== KEY_BYTES) throw new KeyError(`key file ${file} is not a base64 256-bit key`);
  return key;
}

export class KeyRing {
  constructor(private readonly kek: KeyEncryptionKeyProvider) {}

  /** Convenience: the embedded default, a KEK file (created on first start) plus retired KEK files. */
  static fromFiles(currentFile: string, retiredFiles: readonly string[] = []): KeyRing {
    return new KeyRing(new FileKekProvider(currentFile, retiredFiles));
  }

  /** The id of the KEK new keys are wrapped under (store it in recordings.kek_id). */
  get currentKekId(): string {
    return this.kek.current().kekId;
  }

  /** A fresh random 256-bit data key for one recording. Keep it in memory only. */
  newDataKey(): Buffer {
    return randomBytes(KEY_BYTES);
  }

  /** Wrap a data key under the current KEK, bound to its recording (AAD = recordingId + kekId). */
  wrap(dataKey: Buffer, recordingId: string): WrappedKey {
    if (dataKey.length !== KEY_BYTES) throw new KeyError(`a data key must be ${KEY_BYTES} bytes`);
    const { kekId, key } = this.kek.current();
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
    cipher.setAAD(wrapAad(recordingId, kekId));
    const ciphertext = Buffer.concat([cipher.update(dataKey), cipher.final()]);
    return {
      v: 1,
      alg: 'A256GCM',
      kekId,
      nonce: nonce.toString('base64'),
      ciphertext: ciphertext.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
    };
  }

  /**
   * Recover a recording's data key. Throws KeyError 'wrong key file' when this server does not hold
   * the KEK the key was wrapped under, or the KEK does not open it (wrong/replaced key file, a wrapped
   * key copied from another recording, or tampering).
   */
  unwrap(wrapped: WrappedKey | string, recordingId: string): Buffer {
    const w = typeof wrapped === 'string' ? parseWrappedKey(wrapped) : wrapped;
    const key = this.kek.byId(w.kekId);
    if (!key) {
      throw new KeyError(`wrong key file: this recording's key was wrapped under ${w.kekId}, which this server does not hold (current ${this.currentKekId})`);
    }
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(w.nonce, 'base64'), { authTagLength: TAG_BYTES });
    decipher.setAAD(wrapAad(recordingId, w.kekId));
    decipher.setAuthTag(Buffer.from(w.tag, 'base64'));
    const out = decipher.update(Buffer.from(w.ciphertext, 'base64'));
    try {
      const dataKey = Buffer.concat([out, decipher.final()]);
      if (dataKey.length !== KEY_BYTES) throw new Error('bad length');
      return dataKey;
    } catch {
      out.fill(0);
      throw new KeyError(`wrong key file: ${w.kekId} does not open this recording's key (wrong key file, key from another recording, or tampered)`);
    }
  }

  /** True if the wrapped key is not under the current KEK (a candidate for rewrap after rotation). */
  needsRewrap(wrapped: WrappedKey | string): boolean {
    const w = typeof wrapped === 'string' ? parseWrappedKey(wrapped) : wrapped;
    return w.kekId !== this.currentKekId;
  }

  /** Re-wrap under the current KEK after rotation. Media files are untouched: the data key is the same. */
  rewrap(wrapped: WrappedKey | string, recordingId: string): WrappedKey {
    const dataKey = this.unwrap(wrapped, recordingId);
    try {
      return this.wrap(dataKey, recordingId);
    } finally {
      dataKey.fill(0);
    }
  }
}

/** Length-prefixed so that no two (recordingId, kekId) pairs share an AAD. */
function wrapAad(recordingId: string, kekId: string): Buffer {
  const parts = [WRAP_CONTEXT, recordingId, kekId].map((s) => Buffer.from(s, 'utf8'));
  const out: Buffer[] = [];
  for (const p of parts) {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(p.length, 0);
    out.push(len, p);
  }
  return Buffer.concat(out);
}

/** The string stored in recordings.wrapped_key. */
export function serializeWrappedKey(w: WrappedKey): string {
  return JSON.stringify(w);
}

/** Parse and validate a stored wrapped key; throws KeyError if it is malformed. */
export function parseWrappedKey(s: string): WrappedKey {
  let raw: unknown;
  try {
    raw = JSON.parse(s);
  } catch {
    throw new KeyError('stored wrapped key is not valid JSON');
  }
  const parsed = WrappedKeySchema.safeParse(raw);
  if (!parsed.success) throw new KeyError('stored wrapped key is malformed');
  return parsed.data;
}

/**
 * Sealed text: personal data about children (safeguarding notes, records of concern, incident
 * chronology, parent notices and summaries, outbox mail) is stored only as ciphertext, following
 * the EvidenceVault pattern: a fresh 256-bit data key per item, wrapped by the school's key-encryption
 * key, AES-256-GCM with the item's context (table, id, field) bound into the AAD, so a sealed value
 * copied to another row or field fails to open. Plaintext lives only in memory.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { parseWrappedKey, type KeyRing, type WrappedKey } from '../recording/keys';

/** One envelope-encrypted item: its own data key (wrapped by the KEK), nonce, ciphertext and tag. */
export interface Envelope {
  wrapped: WrappedKey;
  nonce: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

/**
 * Envelope encryption shared by sealed text and safeguarding evidence: a fresh data key per item,
 * wrapped under `keyContext`, and AES-256-GCM with `aad` bound in.
 */
export function sealEnvelope(keys: KeyRing, plaintext: Buffer, keyContext: string, aad: Buffer): Envelope {
  const dataKey = keys.newDataKey();
  try {
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', dataKey, nonce);
    cipher.setAAD(aad);
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return { wrapped: keys.wrap(dataKey, keyContext), nonce, ciphertext, tag: cipher.getAuthTag() };
  } finally {
    dataKey.fill(0);
  }
}

export function openEnvelope(keys: KeyRing, e: Envelope, keyContext: string, aad: Buffer): Buffer {
  const dataKey = keys.unwrap(e.wrapped, keyContext);
  try {
    const decipher = createDecipheriv('aes-256-gcm', dataKey, e.nonce);
    decipher.setAAD(aad);
    decipher.setAuthTag(e.tag);
    return Buffer.concat([decipher.update(e.ciphertext), decipher.final()]);
  } finally {
    dataKey.fill(0);
  }
}

interface SealedV1 {
  v: 1;
  k: unknown;
  n: string;
  c: string;
  t: string;
}

const aad = (context: string): Buffer => Buffer.from(`chaperone/sealed/v1|${context}`);
const keyContext = (context: string): string => `sealed:${context}`;

function parseSealed(sealed: string): SealedV1 {
  const s = JSON.parse(sealed) as SealedV1;
  if (s.v !== 1) throw new Error('unknown sealed format');
  return s;
}

/**
 * Tables whose `sealed` column holds a Sealer value with context `<table>:<id>` (key rotation
 * re-wraps them all).
 */
export const SEALED_TABLES = ['case_events', 'concerns', 'incidents', 'parent_messages', 'outbox'] as const;

export class Sealer {
  constructor(private readonly keys: KeyRing) {}

  /** `context` names where the value lives, e.g. `case_events:<id>`; the same context opens it. */
  seal(plaintext: string, context: string): string {
    const e = sealEnvelope(this.keys, Buffer.from(plaintext, 'utf8'), keyContext(context), aad(context));
    const sealed: SealedV1 = { v: 1, k: e.wrapped, n: e.nonce.toString('base64'), c: e.ciphertext.toString('base64'), t: e.tag.toString('base64') };
    return JSON.stringify(sealed);
  }

  open(sealed: string, context: string): string {
    const s = parseSealed(sealed);
    const e: Envelope = { wrapped: parseWrappedKey(JSON.stringify(s.k)), nonce: Buffer.from(s.n, 'base64'), ciphertext: Buffer.from(s.c, 'base64'), tag: Buffer.from(s.t, 'base64') };
    return openEnvelope(this.keys, e, keyContext(context), aad(context)).toString('utf8');
  }

  /** The same value with its data key re-wrapped under the current KEK, or null if it already is. */
  rewrap(sealed: string, context: string): string | null {
    const s = parseSealed(sealed);
    const wrapped = parseWrappedKey(JSON.stringify(s.k));
    if (!this.keys.needsRewrap(wrapped)) return null;
    return JSON.stringify({ ...s, k: this.keys.rewrap(wrapped, keyContext(context)) });
  }

  sealJson(value: unknown, context: string): string {
    return this.seal(JSON.stringify(value), context);
  }

  openJson<T>(sealed: string, context: string): T {
    return JSON.parse(this.open(sealed, context)) as T;
  }
}

/**
 * Sealed text: personal data about children (safeguarding notes, records of concern, incident
 * chronology, parent notices and summaries, outbox mail) is stored only as ciphertext, following
 * the EvidenceVault pattern: a fresh 256-bit data key per item, wrapped by the school's key-encryption
 * key, AES-256-GCM with the item's context (table, id, field) bound into the AAD, so a sealed value
 * copied to another row or field fails to open. Plaintext lives only in memory.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { KeyRing } from '../recording/keys';

interface SealedV1 {
  v: 1;
  k: unknown;
  n: string;
  c: string;
  t: string;
}

const aad = (context: string): Buffer => Buffer.from(`chaperone/sealed/v1|${context}`);

export class Sealer {
  constructor(private readonly keys: KeyRing) {}

  /** `context` names where the value lives, e.g. `case_events:<id>`; the same context opens it. */
  seal(plaintext: string, context: string): string {
    const dataKey = this.keys.newDataKey();
    try {
      const nonce = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', dataKey, nonce);
      cipher.setAAD(aad(context));
      const c = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const sealed: SealedV1 = { v: 1, k: this.keys.wrap(dataKey, `sealed:${context}`), n: nonce.toString('base64'), c: c.toString('base64'), t: cipher.getAuthTag().toString('base64') };
      return JSON.stringify(sealed);
    } finally {
      dataKey.fill(0);
    }
  }

  open(sealed: string, context: string): string {
    const s = JSON.parse(sealed) as SealedV1;
    if (s.v !== 1) throw new Error('unknown sealed format');
    const dataKey = this.keys.unwrap(s.k as Parameters<KeyRing['unwrap']>[0], `sealed:${context}`);
    try {
      const decipher = createDecipheriv('aes-256-gcm', dataKey, Buffer.from(s.n, 'base64'));
      decipher.setAAD(aad(context));
      decipher.setAuthTag(Buffer.from(s.t, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(s.c, 'base64')), decipher.final()]).toString('utf8');
    } finally {
      dataKey.fill(0);
    }
  }

  sealJson(value: unknown, context: string): string {
    return this.seal(JSON.stringify(value), context);
  }

  openJson<T>(sealed: string, context: string): T {
    return JSON.parse(this.open(sealed, context)) as T;
  }
}

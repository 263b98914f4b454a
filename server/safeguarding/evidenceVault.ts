/**
 * Encrypted evidence (chat text, snapshots, blurred previews): each item gets a fresh data key
 * wrapped by the school's key-encryption key, and is sealed with AES-256-GCM bound to its id and
 * kind. Evidence is stored only as ciphertext; plaintext exists only in memory on its way to a DSL.
 */
import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import type { KeyRing } from '../recording/keys';
import { parseWrappedKey, serializeWrappedKey } from '../recording/keys';
import type { Db } from '../store/db';

export type EvidenceKind = 'chat_text' | 'snapshot' | 'preview';

const aad = (id: string, kind: EvidenceKind): Buffer => Buffer.from(`chaperone/evidence/v1|${id}|${kind}`);

export class EvidenceVault {
  constructor(
    private readonly db: Db,
    private readonly keys: KeyRing,
  ) {}

  put(flagId: string, kind: EvidenceKind, plaintext: Buffer): string {
    const id = randomUUID();
    const dataKey = this.keys.newDataKey();
    try {
      const nonce = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', dataKey, nonce);
      cipher.setAAD(aad(id, kind));
      const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
      const wrapped = serializeWrappedKey(this.keys.wrap(dataKey, `evidence:${id}`));
      this.db.run('INSERT INTO evidence (id, flag_id, kind, wrapped_key, nonce, ciphertext, tag, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
        id,
        flagId,
        kind,
        wrapped,
        nonce.toString('base64'),
        ciphertext.toString('base64'),
        cipher.getAuthTag().toString('base64'),
        Date.now(),
      ]);
      return id;
    } finally {
      dataKey.fill(0);
    }
  }

  /** The plaintext of a flag's evidence of one kind, or undefined if there is none. */
  get(flagId: string, kind: EvidenceKind): Buffer | undefined {
    const row = this.db.get<{ id: string; wrapped_key: string; nonce: string; ciphertext: string; tag: string }>(
      'SELECT id, wrapped_key, nonce, ciphertext, tag FROM evidence WHERE flag_id = ? AND kind = ?',
      [flagId, kind],
    );
    if (!row) return undefined;
    const dataKey = this.keys.unwrap(parseWrappedKey(row.wrapped_key), `evidence:${row.id}`);
    try {
      const decipher = createDecipheriv('aes-256-gcm', dataKey, Buffer.from(row.nonce, 'base64'));
      decipher.setAAD(aad(row.id, kind));
      decipher.setAuthTag(Buffer.from(row.tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(row.ciphertext, 'base64')), decipher.final()]);
    } finally {
      dataKey.fill(0);
    }
  }

  kinds(flagId: string): EvidenceKind[] {
    return this.db.all<{ kind: EvidenceKind }>('SELECT kind FROM evidence WHERE flag_id = ?', [flagId]).map((r) => r.kind);
  }
}

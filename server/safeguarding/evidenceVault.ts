/**
 * Encrypted evidence (chat text, snapshots, blurred previews): each item gets a fresh data key
 * wrapped by the school's key-encryption key, and is sealed with AES-256-GCM bound to its id and
 * kind. Evidence is stored only as ciphertext; plaintext exists only in memory on its way to a DSL.
 */
import { randomUUID } from 'node:crypto';
import { parseWrappedKey, serializeWrappedKey, type KeyRing } from '../recording/keys';
import type { Db } from '../store/db';
import { openEnvelope, sealEnvelope } from '../store/sealed';

export type EvidenceKind = 'chat_text' | 'snapshot' | 'preview';

const aad = (id: string, kind: EvidenceKind): Buffer => Buffer.from(`chaperone/evidence/v1|${id}|${kind}`);

export class EvidenceVault {
  constructor(
    private readonly db: Db,
    private readonly keys: KeyRing,
  ) {}

  put(flagId: string, kind: EvidenceKind, plaintext: Buffer): string {
    const id = randomUUID();
    const e = sealEnvelope(this.keys, plaintext, `evidence:${id}`, aad(id, kind));
    this.db.run('INSERT INTO evidence (id, flag_id, kind, wrapped_key, nonce, ciphertext, tag, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
      id,
      flagId,
      kind,
      serializeWrappedKey(e.wrapped),
      e.nonce.toString('base64'),
      e.ciphertext.toString('base64'),
      e.tag.toString('base64'),
      Date.now(),
    ]);
    return id;
  }

  /** The plaintext of a flag's evidence of one kind, or undefined if there is none. */
  get(flagId: string, kind: EvidenceKind): Buffer | undefined {
    const row = this.db.get<{ id: string; wrapped_key: string; nonce: string; ciphertext: string; tag: string }>(
      'SELECT id, wrapped_key, nonce, ciphertext, tag FROM evidence WHERE flag_id = ? AND kind = ?',
      [flagId, kind],
    );
    if (!row) return undefined;
    const envelope = { wrapped: parseWrappedKey(row.wrapped_key), nonce: Buffer.from(row.nonce, 'base64'), ciphertext: Buffer.from(row.ciphertext, 'base64'), tag: Buffer.from(row.tag, 'base64') };
    return openEnvelope(this.keys, envelope, `evidence:${row.id}`, aad(row.id, kind));
  }

  kinds(flagId: string): EvidenceKind[] {
    return this.db.all<{ kind: EvidenceKind }>('SELECT kind FROM evidence WHERE flag_id = ?', [flagId]).map((r) => r.kind);
  }
}

/**
 * Key rotation: re-wrap every data key (recordings, safeguarding evidence and sealed text) under the
 * current key-encryption key. Ciphertext is never touched; only the small wrapped keys change.
 */
import type { AuditLog } from '../audit/auditLog';
import type { Db } from '../store/db';
import { SEALED_TABLES, Sealer } from '../store/sealed';
import { serializeWrappedKey, type KeyRing } from './keys';

export interface RewrapCounts {
  recordings: number;
  evidence: number;
  sealed: number;
}

/** Re-wrap each row's key with `next` (null: already under the current KEK); returns how many changed. */
function rewrapRows(rows: ReadonlyArray<{ id: string; value: string }>, next: (row: { id: string; value: string }) => string | null, save: (id: string, value: string) => void): number {
  let n = 0;
  for (const row of rows) {
    const value = next(row);
    if (value === null) continue;
    save(row.id, value);
    n++;
  }
  return n;
}

export function rewrapAllDataKeys(db: Db, keys: KeyRing, audit: AuditLog): RewrapCounts {
  const sealer = new Sealer(keys);
  const counts = db.transaction((): RewrapCounts => {
    const recordings = rewrapRows(
      db.all<{ id: string; value: string }>("SELECT id, wrapped_key AS value FROM recordings WHERE wrapped_key IS NOT NULL AND status != 'expired'"),
      (r) => (keys.needsRewrap(r.value) ? serializeWrappedKey(keys.rewrap(r.value, r.id)) : null),
      (id, value) => db.run('UPDATE recordings SET wrapped_key = ?, kek_id = ? WHERE id = ?', [value, keys.currentKekId, id]),
    );
    const evidence = rewrapRows(
      db.all<{ id: string; value: string }>('SELECT id, wrapped_key AS value FROM evidence'),
      (r) => (keys.needsRewrap(r.value) ? serializeWrappedKey(keys.rewrap(r.value, `evidence:${r.id}`)) : null),
      (id, value) => db.run('UPDATE evidence SET wrapped_key = ? WHERE id = ?', [value, id]),
    );
    let sealed = 0;
    for (const table of SEALED_TABLES) {
      sealed += rewrapRows(
        db.all<{ id: string; value: string }>(`SELECT id, sealed AS value FROM ${table} WHERE sealed IS NOT NULL`),
        (r) => sealer.rewrap(r.value, `${table}:${r.id}`),
        (id, value) => db.run(`UPDATE ${table} SET sealed = ? WHERE id = ?`, [value, id]),
      );
    }
    return { recordings, evidence, sealed };
  });
  if (counts.recordings + counts.evidence + counts.sealed > 0) {
    audit.append({ actorId: null, actorRole: 'system', action: 'keys.rotated', targetType: 'school_keys', targetId: keys.currentKekId, detail: { ...counts } });
  }
  return counts;
}

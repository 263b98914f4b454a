/**
 * Key rotation: re-wrap every data key (recordings and safeguarding evidence) under the current
 * key-encryption key. Ciphertext is never touched; only the small wrapped keys change.
 */
import type { AuditLog } from '../audit/auditLog';
import type { Db } from '../store/db';
import { serializeWrappedKey, type KeyRing } from './keys';

export function rewrapAllDataKeys(db: Db, keys: KeyRing, audit: AuditLog): { recordings: number; evidence: number } {
  const counts = db.transaction(() => {
    let recordings = 0;
    for (const r of db.all<{ id: string; wrapped_key: string }>("SELECT id, wrapped_key FROM recordings WHERE wrapped_key IS NOT NULL AND status != 'expired'")) {
      if (!keys.needsRewrap(r.wrapped_key)) continue;
      const w = keys.rewrap(r.wrapped_key, r.id);
      db.run('UPDATE recordings SET wrapped_key = ?, kek_id = ? WHERE id = ?', [serializeWrappedKey(w), w.kekId, r.id]);
      recordings++;
    }
    let evidence = 0;
    for (const e of db.all<{ id: string; wrapped_key: string }>('SELECT id, wrapped_key FROM evidence')) {
      if (!keys.needsRewrap(e.wrapped_key)) continue;
      db.run('UPDATE evidence SET wrapped_key = ? WHERE id = ?', [serializeWrappedKey(keys.rewrap(e.wrapped_key, `evidence:${e.id}`)), e.id]);
      evidence++;
    }
    return { recordings, evidence };
  });
  if (counts.recordings + counts.evidence > 0) {
    audit.append({ actorId: null, actorRole: 'system', action: 'keys.rotated', targetType: 'school_keys', targetId: keys.currentKekId, detail: counts });
  }
  return counts;
}

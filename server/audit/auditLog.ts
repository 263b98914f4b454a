/**
 * Append-only, hash-chained audit log (table audit_log, migration 2).
 *
 * Each entry's hash is SHA-256 over a canonical serialisation of (seq, at, actor, action, target,
 * detail, prev_hash), and prev_hash is the previous entry's hash (64 zeros for the first). Altering,
 * inserting or deleting any entry breaks the chain at that entry, and verify() names it. The chain
 * cannot show that entries were cut off the *end*; anchor the head (head()) elsewhere if that matters.
 *
 * Callers must never put secrets in `detail`: no tokens, passwords, keys (data keys, wrapped keys),
 * TOTP codes, or the content of quarantined material. Justifications, agency references, ids and
 * byte ranges are what belongs there. Binary values are refused outright because they are most
 * likely key material.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../store/db';

export interface AuditEntryInput {
  actorId: string | null;
  actorRole: string | null;
  action: string;
  targetType: string;
  targetId: string;
  /** JSON-serialisable facts about the action. Never secrets (see module comment). */
  detail?: Record<string, unknown>;
}

export interface AuditEntry {
  seq: number;
  /** epoch ms */
  at: number;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  targetType: string;
  targetId: string;
  detail: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export interface AuditFilter {
  targetType?: string;
  targetId?: string;
  actorId?: string;
  action?: string;
  /** Any of these actions (with `action`, both apply). */
  actions?: readonly string[];
  /** Default 100, at most 1000. */
  limit?: number;
  /** Only entries with seq below this (paging backwards). */
  beforeSeq?: number;
}

export type AuditVerification = { ok: true; entries: number } | { ok: false; firstBrokenSeq: number; reason: string };

export const GENESIS_HASH = '0'.repeat(64);
const VERIFY_PAGE = 1000;

interface AuditRow {
  seq: number;
  at: number;
  actor_id: string | null;
  actor_role: string | null;
  action: string;
  target_type: string;
  target_id: string;
  detail: string;
  prev_hash: string;
  hash: string;
}

export class AuditLog {
  constructor(
    private readonly db: Db,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Append one entry; seq and prev_hash are read and written in one transaction so the chain stays linear. */
  append(entry: AuditEntryInput): AuditEntry {
    for (const [k, v] of [['action', entry.action], ['targetType', entry.targetType], ['targetId', entry.targetId]] as const) {
      if (typeof v !== 'string' || v.length === 0) throw new TypeError(`audit entry needs a non-empty ${k}`);
    }
    const detailText = canonicalJson(entry.detail ?? {});
    return this.db.transaction(() => {
      const last = this.db.get<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
      const row: AuditRow = {
        seq: (last?.seq ?? 0) + 1,
        at: this.clock(),
        actor_id: entry.actorId,
        actor_role: entry.actorRole,
        action: entry.action,
        target_type: entry.targetType,
        target_id: entry.targetId,
        detail: detailText,
        prev_hash: last?.hash ?? GENESIS_HASH,
        hash: '',
      };
      row.hash = hashRow(row);
      this.db.run(
        'INSERT INTO audit_log (seq, at, actor_id, actor_role, action, target_type, target_id, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        [row.seq, row.at, row.actor_id, row.actor_role, row.action, row.target_type, row.target_id, row.detail, row.prev_hash, row.hash],
      );
      return toEntry(row);
    });
  }

  /** Walk the whole chain from seq 1 and report the first entry that is missing, altered or unlinked. */
  verify(): AuditVerification {
    let expectedSeq = 1;
    let prevHash = GENESIS_HASH;
    for (;;) {
      const page = this.db.all<AuditRow>('SELECT * FROM audit_log WHERE seq >= ? ORDER BY seq LIMIT ?', [expectedSeq, VERIFY_PAGE]);
      for (const row of page) {
        if (row.seq !== expectedSeq) {
          return { ok: false, firstBrokenSeq: expectedSeq, reason: `entry ${expectedSeq} is missing (next entry is ${row.seq})` };
        }
        if (row.prev_hash !== prevHash) {
          return { ok: false, firstBrokenSeq: row.seq, reason: `prev_hash does not match the hash of entry ${row.seq - 1} (an earlier entry was rewritten or this link altered)` };
        }
        if (hashRow(row) !== row.hash) {
          return { ok: false, firstBrokenSeq: row.seq, reason: 'entry altered: its hash does not match its contents' };
        }
        prevHash = row.hash;
        expectedSeq += 1;
      }
      if (page.length < VERIFY_PAGE) break;
    }
    // Rows stored below seq 1 are not part of any chain we wrote.
    const stray = this.db.get<{ seq: number }>('SELECT seq FROM audit_log WHERE seq < 1 ORDER BY seq LIMIT 1');
    if (stray) return { ok: false, firstBrokenSeq: stray.seq, reason: 'entry outside the chain (seq below 1)' };
    return { ok: true, entries: expectedSeq - 1 };
  }

  /** Newest first. */
  list(filter: AuditFilter = {}): AuditEntry[] {
    const where: string[] = [];
    const params: (string | number)[] = [];
    const eq = (col: string, v: string | undefined): void => {
      if (v !== undefined) {
        where.push(`${col} = ?`);
        params.push(v);
      }
    };
    eq('target_type', filter.targetType);
    eq('target_id', filter.targetId);
    eq('actor_id', filter.actorId);
    eq('action', filter.action);
    if (filter.actions) {
      if (filter.actions.length === 0) return [];
      where.push(`action IN (${filter.actions.map(() => '?').join(',')})`);
      params.push(...filter.actions);
    }
    if (filter.beforeSeq !== undefined) {
      where.push('seq < ?');
      params.push(filter.beforeSeq);
    }
    const limit = Math.min(1000, Math.max(1, Math.floor(filter.limit ?? 100)));
    const sql = `SELECT * FROM audit_log${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ?`;
    return this.db.all<AuditRow>(sql, [...params, limit]).map(toEntry);
  }

  /** The latest entry's seq and hash, to anchor outside the database (detects cutting the tail). */
  head(): { seq: number; hash: string } | null {
    return this.db.get<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1') ?? null;
  }
}

/**
 * The hashed serialisation: a JSON array of primitives in a fixed order (detail is already
 * canonical text), so the same row always hashes the same on any platform.
 */
function hashRow(r: AuditRow): string {
  const canonical = JSON.stringify([r.seq, r.at, r.actor_id, r.actor_role, r.action, r.target_type, r.target_id, r.detail, r.prev_hash]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

function toEntry(r: AuditRow): AuditEntry {
  let detail: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(r.detail);
    detail = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : { value: parsed };
  } catch {
    detail = { unparseable: r.detail }; // a tampered row must still be listable; verify() flags it
  }
  return {
    seq: r.seq,
    at: r.at,
    actorId: r.actor_id,
    actorRole: r.actor_role,
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    detail,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/** JSON with object keys sorted at every level; refuses values JSON cannot represent faithfully. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonicalise(value, 'detail'));
}

function canonicalise(value: unknown, path: string): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`audit ${path}: non-finite number`);
    return value;
  }
  if (Buffer.isBuffer(value) || ArrayBuffer.isView(value) || value instanceof ArrayBuffer) {
    throw new TypeError(`audit ${path}: binary values are not allowed (never log key material)`);
  }
  if (Array.isArray(value)) return value.map((v, i) => canonicalise(v, `${path}[${i}]`));
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) throw new TypeError(`audit ${path}: only plain objects are allowed`);
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = canonicalise(v, `${path}.${key}`);
    }
    return out;
  }
  throw new TypeError(`audit ${path}: unsupported value of type ${typeof value}`);
}

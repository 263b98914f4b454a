import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { AuditLog, canonicalJson, GENESIS_HASH } from '../../../server/audit/auditLog';
import { openSqlite, type Db } from '../../../server/store/db';
import { migrate } from '../../../server/store/migrations';

let dir: string;
let dbFile: string;
let db: Db;
let log: AuditLog;
let clock: number;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'chaperone-audit-'));
  dbFile = join(dir, 'db.sqlite');
  db = openSqlite(dbFile);
  migrate(db);
  clock = 1_700_000_000_000;
  log = new AuditLog(db, () => clock++);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function seed(n: number): void {
  for (let i = 0; i < n; i++) {
    log.append({
      actorId: `user-${i % 3}`,
      actorRole: i % 3 === 0 ? 'dsl' : 'teacher',
      action: i % 2 ? 'recording.view' : 'recording.quarantine.reveal',
      targetType: 'recording',
      targetId: `rec-${i % 2}`,
      detail: { range: [i * 10, i * 10 + 9], justification: i % 3 === 0 ? 'reviewing flag' : undefined },
    });
  }
}

describe('append', () => {
  test('entries are numbered from 1 and chained by hash', () => {
    const a = log.append({ actorId: 'u1', actorRole: 'dsl', action: 'recording.view', targetType: 'recording', targetId: 'r1' });
    const b = log.append({ actorId: null, actorRole: null, action: 'recording.expire', targetType: 'recording', targetId: 'r1', detail: { by: 'retention' } });
    expect(a.seq).toBe(1);
    expect(a.prevHash).toBe(GENESIS_HASH);
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(b.seq).toBe(2);
    expect(b.prevHash).toBe(a.hash);
    expect(b.detail).toEqual({ by: 'retention' });
    expect(a.at).toBe(1_700_000_000_000);
  });

  test('detail is stored canonically (key order does not matter) and refuses binary values', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}');
    expect(() => log.append({ actorId: 'u', actorRole: 'dsl', action: 'x', targetType: 't', targetId: 'i', detail: { key: Buffer.alloc(32) } })).toThrow(/binary/);
    expect(() => log.append({ actorId: 'u', actorRole: 'dsl', action: 'x', targetType: 't', targetId: 'i', detail: { n: Number.NaN } })).toThrow(TypeError);
    expect(() => log.append({ actorId: 'u', actorRole: 'dsl', action: '', targetType: 't', targetId: 'i' })).toThrow(/action/);
    expect(log.verify()).toEqual({ ok: true, entries: 0 });
  });
});

describe('verify', () => {
  test('an intact chain verifies', () => {
    seed(25);
    expect(log.verify()).toEqual({ ok: true, entries: 25 });
  });

  test('verifies across pages of a long chain', () => {
    seed(2500);
    expect(log.verify()).toEqual({ ok: true, entries: 2500 });
  });

  test("an UPDATE of a row's detail is named by its seq", () => {
    seed(10);
    db.run('UPDATE audit_log SET detail = ? WHERE seq = ?', ['{"justification":"nothing to see"}', 6]);
    expect(log.verify()).toEqual({ ok: false, firstBrokenSeq: 6, reason: expect.stringMatching(/altered/) });
  });

  test.each([
    ['actor_id', "'someone-else'"],
    ['action', "'recording.export'"],
    ['target_id', "'rec-9'"],
    ['at', 'at + 1'],
  ])('changing %s is detected', (col, value) => {
    seed(10);
    db.run(`UPDATE audit_log SET ${col} = ${value} WHERE seq = 4`);
    expect(log.verify()).toMatchObject({ ok: false, firstBrokenSeq: 4 });
  });

  test('a deleted entry is named', () => {
    seed(10);
    db.run('DELETE FROM audit_log WHERE seq = 3');
    expect(log.verify()).toEqual({ ok: false, firstBrokenSeq: 3, reason: expect.stringMatching(/missing/) });
  });

  test('a rewritten entry with a recomputed hash breaks the link to the next one', () => {
    seed(10);
    // The attacker edits entry 5 and recomputes its hash; entry 6 still points at the old hash.
    const row = db.get<Record<string, string | number | null>>('SELECT * FROM audit_log WHERE seq = 5');
    const detail = '{"justification":"routine"}';
    const hash = createHash('sha256')
      .update(JSON.stringify([row?.seq, row?.at, row?.actor_id, row?.actor_role, row?.action, row?.target_type, row?.target_id, detail, row?.prev_hash]))
      .digest('hex');
    db.run('UPDATE audit_log SET detail = ?, hash = ? WHERE seq = 5', [detail, hash]);
    expect(log.verify()).toEqual({ ok: false, firstBrokenSeq: 6, reason: expect.stringMatching(/prev_hash/) });
  });

  test('a forged entry inserted at the end without the chain is caught', () => {
    seed(3);
    db.run("INSERT INTO audit_log (seq, at, actor_id, actor_role, action, target_type, target_id, detail, prev_hash, hash) VALUES (4, 0, 'x', 'dsl', 'a', 't', 'i', '{}', 'bogus', 'bogus')");
    expect(log.verify()).toEqual({ ok: false, firstBrokenSeq: 4, reason: expect.stringMatching(/prev_hash/) });
  });
});

describe('list', () => {
  test('filters by target, actor and action, newest first, with a limit', () => {
    seed(12);
    const rec0 = log.list({ targetType: 'recording', targetId: 'rec-0' });
    expect(rec0.map((e) => e.seq)).toEqual([11, 9, 7, 5, 3, 1]);
    expect(log.list({ actorId: 'user-0' }).every((e) => e.actorId === 'user-0')).toBe(true);
    expect(log.list({ action: 'recording.view', limit: 2 }).map((e) => e.seq)).toEqual([12, 10]);
    expect(log.list({ limit: 3, beforeSeq: 5 }).map((e) => e.seq)).toEqual([4, 3, 2]);
    expect(log.list({}).length).toBe(12);
    expect(log.head()).toEqual({ seq: 12, hash: log.list({ limit: 1 })[0]?.hash });
  });
});

describe('scripts/audit-verify.ts', () => {
  const run = promisify(execFile);
  const script = resolve(__dirname, '../../../scripts/audit-verify.ts');
  async function verifyCommand(file: string): Promise<{ code: number; last: unknown }> {
    try {
      const { stdout } = await run(process.execPath, ['--import', 'tsx', script, file], { cwd: resolve(__dirname, '../../..') });
      return { code: 0, last: JSON.parse(stdout.trim().split('\n').pop() ?? '') };
    } catch (err) {
      const e = err as { code: number; stdout: string };
      return { code: e.code, last: JSON.parse(e.stdout.trim().split('\n').pop() ?? '') };
    }
  }

  test('prints ok and exits 0 for an intact chain, names the broken entry and exits 1 otherwise', async () => {
    seed(5);
    expect(await verifyCommand(dbFile)).toEqual({ code: 0, last: { ok: true, entries: 5 } });
    db.run("UPDATE audit_log SET detail = '{}' WHERE seq = 2");
    expect(await verifyCommand(dbFile)).toEqual({ code: 1, last: { ok: false, firstBrokenSeq: 2, reason: expect.any(String) } });
  }, 30_000);

  test('a missing database exits 2 without creating one', async () => {
    const r = await verifyCommand(join(dir, 'nope.sqlite'));
    expect(r.code).toBe(2);
    expect(r.last).toMatchObject({ ok: false });
  }, 30_000);
});

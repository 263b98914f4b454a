/** Crypto-shredding: once the wrapped key is gone, restored files are unreadable ciphertext. */
import { randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { EncryptedTrackReader } from '../../../server/recording/crypto/encryptedReader';
import { RecordingIntegrityError } from '../../../server/recording/crypto/errors';
import { KeyRing, StaticKekProvider } from '../../../server/recording/keys';
import { cryptoShred, ShredRefusedError } from '../../../server/recording/shredder';
import { openSqlite, type Db } from '../../../server/store/db';
import { migrate } from '../../../server/store/migrations';
import { pattern, tempDir, writeTrack } from './trackFixtures';

let tmp: ReturnType<typeof tempDir>;
let db: Db;
let root: string;
const keys = new KeyRing(new StaticKekProvider(Buffer.alloc(32, 7)));

beforeEach(() => {
  tmp = tempDir('shred');
  root = join(tmp.dir, 'recordings');
  db = openSqlite(join(tmp.dir, 'db.sqlite'));
  db.exec('PRAGMA secure_delete = ON'); // zero freed bytes, as production should (see shredder.ts)
  migrate(db);
});
afterEach(() => {
  db.close();
  tmp.cleanup();
});

interface Recorded {
  recordingId: string;
  tracks: { id: string; file: string }[];
  wrappedText: string;
  data: Buffer;
}

async function recordLesson(): Promise<Recorded> {
  const now = Date.now();
  const schoolId = randomUUID();
  const classId = randomUUID();
  const teacherId = randomUUID();
  const lessonId = randomUUID();
  db.run('INSERT INTO schools (id, name, retention_days, created_at) VALUES (?, ?, ?, ?)', [schoolId, `school ${schoolId}`, 30, now]);
  db.run('INSERT INTO users (id, school_id, email, name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [teacherId, schoolId, `${teacherId}@x`, 'T', 'teacher', 'x', now]);
  db.run('INSERT INTO classes (id, school_id, name, created_at) VALUES (?, ?, ?, ?)', [classId, schoolId, '7B', now]);
  db.run('INSERT INTO lessons (id, class_id, started_by, title, started_at) VALUES (?, ?, ?, ?, ?)', [lessonId, classId, teacherId, 'Maths', now]);

  const recordingId = randomUUID();
  const dataKey = keys.newDataKey();
  const wrapped = keys.wrap(dataKey, recordingId);
  const wrappedText = JSON.stringify(wrapped);
  db.run(
    "INSERT INTO recordings (id, lesson_id, class_id, school_id, started_at, ended_at, status, wrapped_key, kek_id) VALUES (?, ?, ?, ?, ?, ?, 'complete', ?, ?)",
    [recordingId, lessonId, classId, schoolId, now, now + 1000, wrappedText, wrapped.kekId],
  );
  const data = pattern(20_000);
  const tracks: { id: string; file: string }[] = [];
  for (const source of ['camera', 'mic']) {
    const id = randomUUID();
    const file = join(schoolId, recordingId, `${id}.chpr`);
    mkdirSync(join(root, schoolId, recordingId), { recursive: true });
    await writeTrack({ file: join(root, file), dataKey, recordingId, trackId: id }, data, 4096);
    db.run(
      "INSERT INTO recording_tracks (id, recording_id, user_id, source, kind, file, container, started_offset_ms, complete) VALUES (?, ?, NULL, ?, 'video', ?, 'webm', 0, 1)",
      [id, recordingId, source, file],
    );
    tracks.push({ id, file });
  }
  dataKey.fill(0);
  return { recordingId, tracks, wrappedText, data };
}

/** Every text value stored anywhere in the database. */
function allStoredText(): string {
  const tables = db.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").map((t) => t.name);
  return tables.map((t) => JSON.stringify(db.all(`SELECT * FROM ${t}`))).join('\n');
}

test('after shredding, restoring the files does not make them readable', async () => {
  const rec = await recordLesson();
  const backup = join(tmp.dir, 'backup');
  for (const t of rec.tracks) {
    mkdirSync(dirname(join(backup, t.file)), { recursive: true });
    copyFileSync(join(root, t.file), join(backup, t.file));
  }
  // Before: the stored wrapped key opens the tracks.
  const before = db.get<{ wrapped_key: string }>('SELECT wrapped_key FROM recordings WHERE id = ?', [rec.recordingId]);
  const key = keys.unwrap(before?.wrapped_key ?? '', rec.recordingId);
  const first = rec.tracks[0] as { id: string; file: string };
  const reader = await EncryptedTrackReader.open({ file: join(root, first.file), dataKey: key, recordingId: rec.recordingId, trackId: first.id });
  expect((await reader.readAll()).equals(rec.data)).toBe(true);

  await cryptoShred(db, root, rec.recordingId);

  const row = db.get<{ wrapped_key: string | null; kek_id: string | null; status: string }>('SELECT wrapped_key, kek_id, status FROM recordings WHERE id = ?', [rec.recordingId]);
  expect(row).toEqual({ wrapped_key: null, kek_id: null, status: 'expired' });
  for (const t of rec.tracks) expect(existsSync(join(root, t.file))).toBe(false);
  expect(existsSync(join(root, dirname(first.file)))).toBe(false); // empty recording directory removed

  // No trace of the wrapped key in any table, nor in the database files on disk.
  const wrappedCt = JSON.parse(rec.wrappedText).ciphertext as string;
  expect(allStoredText()).not.toContain(wrappedCt);
  db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  for (const f of readdirSync(tmp.dir).filter((n) => n.startsWith('db.sqlite'))) {
    expect(readFileSync(join(tmp.dir, f)).includes(Buffer.from(wrappedCt))).toBe(false);
  }

  // Restore the files from the backup: nothing in the database can unwrap a key for them.
  for (const t of rec.tracks) {
    mkdirSync(dirname(join(root, t.file)), { recursive: true });
    copyFileSync(join(backup, t.file), join(root, t.file));
  }
  const stored = db.get<{ wrapped_key: string | null }>('SELECT wrapped_key FROM recordings WHERE id = ?', [rec.recordingId]);
  expect(stored?.wrapped_key).toBeNull();
  // Even a guessed key (here a fresh one) only yields authentication failures.
  await expect(EncryptedTrackReader.open({ file: join(root, first.file), dataKey: keys.newDataKey(), recordingId: rec.recordingId, trackId: first.id })).rejects.toBeInstanceOf(
    RecordingIntegrityError,
  );
  // And the restored bytes are ciphertext, not media.
  expect(readFileSync(join(root, first.file)).includes(rec.data.subarray(0, 64))).toBe(false);
});

test('is idempotent: a second run (after a crash between the steps) finishes deleting files', async () => {
  const rec = await recordLesson();
  await cryptoShred(db, root, rec.recordingId);
  await expect(cryptoShred(db, root, rec.recordingId)).resolves.toBeUndefined();
});

test('other recordings are untouched', async () => {
  const a = await recordLesson();
  const b = await recordLesson();
  await cryptoShred(db, root, a.recordingId);
  const row = db.get<{ wrapped_key: string | null; status: string }>('SELECT wrapped_key, status FROM recordings WHERE id = ?', [b.recordingId]);
  expect(row).toEqual({ wrapped_key: b.wrappedText, status: 'complete' });
  for (const t of b.tracks) expect(existsSync(join(root, t.file))).toBe(true);
});

test('refuses a recording under legal hold or with an active quarantine', async () => {
  const held = await recordLesson();
  db.run("UPDATE recordings SET legal_hold = 1, hold_reason = 'police request' WHERE id = ?", [held.recordingId]);
  await expect(cryptoShred(db, root, held.recordingId)).rejects.toBeInstanceOf(ShredRefusedError);

  const quarantined = await recordLesson();
  db.run("INSERT INTO recording_quarantines (id, recording_id, reason, created_at) VALUES (?, ?, 'flag', ?)", [randomUUID(), quarantined.recordingId, Date.now()]);
  await expect(cryptoShred(db, root, quarantined.recordingId)).rejects.toBeInstanceOf(ShredRefusedError);

  for (const r of [held, quarantined]) {
    expect(db.get<{ wrapped_key: string | null }>('SELECT wrapped_key FROM recordings WHERE id = ?', [r.recordingId])?.wrapped_key).toBe(r.wrappedText);
    for (const t of r.tracks) expect(existsSync(join(root, t.file))).toBe(true);
  }
});

test('refuses track paths that escape the storage root, after destroying the key', async () => {
  const rec = await recordLesson();
  db.run("UPDATE recording_tracks SET file = '../../etc/passwd' WHERE recording_id = ?", [rec.recordingId]);
  await expect(cryptoShred(db, root, rec.recordingId)).rejects.toThrow(/outside the storage root/);
  expect(db.get<{ wrapped_key: string | null }>('SELECT wrapped_key FROM recordings WHERE id = ?', [rec.recordingId])?.wrapped_key).toBeNull();
});

test('unknown recording', async () => {
  await expect(cryptoShred(db, root, 'nope')).rejects.toThrow(/unknown recording/);
});

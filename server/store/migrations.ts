/**
 * Ordered schema migrations. Each runs once, in a transaction, and is recorded in schema_migrations.
 * Times are epoch milliseconds (INTEGER) so SQLite and PostgreSQL agree.
 */
import type { Db } from './db';

const MIGRATIONS: ReadonlyArray<{ id: number; name: string; sql: string }> = [
  {
    id: 1,
    name: 'school directory, auth, lessons',
    sql: `
CREATE TABLE schools (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  retention_days INTEGER NOT NULL DEFAULT 365,
  created_at INTEGER NOT NULL
);
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  school_id TEXT NOT NULL REFERENCES schools(id),
  email TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('student','parent','teacher','dsl','admin')),
  password_hash TEXT NOT NULL,
  totp_secret TEXT,
  totp_enabled INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);
CREATE TABLE classes (
  id TEXT PRIMARY KEY,
  school_id TEXT NOT NULL REFERENCES schools(id),
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE enrolments (
  class_id TEXT NOT NULL REFERENCES classes(id),
  student_id TEXT NOT NULL REFERENCES users(id),
  enrolled_at INTEGER NOT NULL,
  left_at INTEGER,
  PRIMARY KEY (class_id, student_id)
);
CREATE TABLE class_teachers (
  class_id TEXT NOT NULL REFERENCES classes(id),
  teacher_id TEXT NOT NULL REFERENCES users(id),
  PRIMARY KEY (class_id, teacher_id)
);
CREATE TABLE guardianships (
  parent_id TEXT NOT NULL REFERENCES users(id),
  student_id TEXT NOT NULL REFERENCES users(id),
  PRIMARY KEY (parent_id, student_id)
);
CREATE TABLE contribution_levels (
  student_id TEXT PRIMARY KEY REFERENCES users(id),
  level INTEGER NOT NULL CHECK (level IN (1,2,3)),
  set_by TEXT NOT NULL REFERENCES users(id),
  updated_at INTEGER NOT NULL
);
CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  refresh_hash TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  revoked_at INTEGER
);
CREATE TABLE lessons (
  id TEXT PRIMARY KEY,
  class_id TEXT NOT NULL REFERENCES classes(id),
  started_by TEXT NOT NULL REFERENCES users(id),
  title TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  ended_at INTEGER
);
CREATE INDEX lessons_class ON lessons(class_id);
CREATE TABLE attendance (
  id TEXT PRIMARY KEY,
  lesson_id TEXT NOT NULL REFERENCES lessons(id),
  user_id TEXT NOT NULL REFERENCES users(id),
  role TEXT NOT NULL,
  joined_at INTEGER NOT NULL,
  left_at INTEGER,
  notice_ack_at INTEGER,
  leave_reason TEXT
);
CREATE INDEX attendance_lesson ON attendance(lesson_id);
CREATE TABLE producer_records (
  id TEXT PRIMARY KEY,
  lesson_id TEXT NOT NULL REFERENCES lessons(id),
  user_id TEXT NOT NULL REFERENCES users(id),
  source TEXT NOT NULL CHECK (source IN ('mic','camera','share')),
  started_at INTEGER NOT NULL,
  ended_at INTEGER,
  close_reason TEXT
);
CREATE INDEX producer_records_lesson_user ON producer_records(lesson_id, user_id);
CREATE TABLE chat_messages (
  id TEXT PRIMARY KEY,
  lesson_id TEXT NOT NULL REFERENCES lessons(id),
  user_id TEXT NOT NULL REFERENCES users(id),
  status TEXT NOT NULL DEFAULT 'delivered',
  created_at INTEGER NOT NULL
);
CREATE INDEX chat_lesson ON chat_messages(lesson_id);
CREATE TABLE whiteboard_strokes (
  id TEXT PRIMARY KEY,
  lesson_id TEXT NOT NULL REFERENCES lessons(id),
  user_id TEXT NOT NULL REFERENCES users(id),
  stroke TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX strokes_lesson ON whiteboard_strokes(lesson_id);
`,
  },
  {
    id: 2,
    name: 'recordings, tracks, quarantines, audit log',
    sql: `
CREATE TABLE recordings (
  id TEXT PRIMARY KEY,
  lesson_id TEXT NOT NULL REFERENCES lessons(id),
  class_id TEXT NOT NULL,
  school_id TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  ended_at INTEGER,
  status TEXT NOT NULL CHECK (status IN ('recording','complete','interrupted','failed','expired')),
  wrapped_key TEXT,
  kek_id TEXT,
  expires_at INTEGER,
  legal_hold INTEGER NOT NULL DEFAULT 0,
  hold_reason TEXT
);
CREATE INDEX recordings_lesson ON recordings(lesson_id);
CREATE INDEX recordings_class ON recordings(class_id);
CREATE INDEX recordings_expiry ON recordings(status, expires_at);
CREATE TABLE recording_tracks (
  id TEXT PRIMARY KEY,
  recording_id TEXT NOT NULL REFERENCES recordings(id),
  user_id TEXT,
  source TEXT NOT NULL,
  kind TEXT NOT NULL,
  file TEXT NOT NULL,
  container TEXT NOT NULL,
  started_offset_ms INTEGER NOT NULL,
  ended_offset_ms INTEGER,
  bytes INTEGER NOT NULL DEFAULT 0,
  complete INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX recording_tracks_recording ON recording_tracks(recording_id);
CREATE TABLE recording_quarantines (
  id TEXT PRIMARY KEY,
  recording_id TEXT NOT NULL REFERENCES recordings(id),
  from_ms INTEGER,
  to_ms INTEGER,
  reason TEXT NOT NULL,
  created_by TEXT,
  created_at INTEGER NOT NULL,
  lifted_by TEXT,
  lifted_at INTEGER,
  lift_reason TEXT
);
CREATE INDEX recording_quarantines_recording ON recording_quarantines(recording_id);
CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  actor_id TEXT,
  actor_role TEXT,
  action TEXT NOT NULL,
  target_type TEXT NOT NULL,
  target_id TEXT NOT NULL,
  detail TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_log_target ON audit_log(target_type, target_id);
CREATE INDEX audit_log_actor ON audit_log(actor_id);
`,
  },
  {
    id: 3,
    name: 'safeguarding flags, encrypted evidence, school policy',
    sql: `
ALTER TABLE schools ADD COLUMN safeguarding_policy TEXT;
CREATE TABLE flags (
  id TEXT PRIMARY KEY,
  school_id TEXT NOT NULL REFERENCES schools(id),
  lesson_id TEXT NOT NULL REFERENCES lessons(id),
  class_id TEXT NOT NULL REFERENCES classes(id),
  student_id TEXT NOT NULL REFERENCES users(id),
  label TEXT NOT NULL,
  severity TEXT NOT NULL CHECK (severity IN ('low','medium','high')),
  score REAL NOT NULL,
  model TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('chat','camera','share','report')),
  action TEXT NOT NULL,
  offset_ms INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  status TEXT NOT NULL DEFAULT 'open',
  chat_message_id TEXT,
  producer_id TEXT,
  quarantine_id TEXT,
  released_at INTEGER,
  released_by TEXT,
  release_reason TEXT
);
CREATE INDEX flags_school ON flags(school_id, created_at);
CREATE TABLE evidence (
  id TEXT PRIMARY KEY,
  flag_id TEXT NOT NULL REFERENCES flags(id),
  kind TEXT NOT NULL CHECK (kind IN ('chat_text','snapshot','preview')),
  wrapped_key TEXT NOT NULL,
  nonce TEXT NOT NULL,
  ciphertext TEXT NOT NULL,
  tag TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX evidence_flag ON evidence(flag_id);
`,
  },
  {
    id: 4,
    name: 'safeguarding console: triage, concerns, incidents, parent inbox, outbox',
    sql: `
ALTER TABLE flags ADD COLUMN grade INTEGER CHECK (grade BETWEEN 1 AND 5);
ALTER TABLE flags ADD COLUMN assignee_id TEXT REFERENCES users(id);
CREATE INDEX flags_status ON flags(school_id, status);
-- Chronology of flags, concerns and incidents. Free text (notes, reasons, details) is sealed
-- (AES-256-GCM under a wrapped per-entry key); only codes and ids are in the clear.
CREATE TABLE case_events (
  id TEXT PRIMARY KEY,
  school_id TEXT NOT NULL REFERENCES schools(id),
  subject_type TEXT NOT NULL CHECK (subject_type IN ('flag','concern','incident')),
  subject_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  value TEXT,
  sealed TEXT,
  actor_id TEXT REFERENCES users(id),
  at INTEGER NOT NULL
);
CREATE INDEX case_events_subject ON case_events(subject_type, subject_id, at);
CREATE TABLE concerns (
  id TEXT PRIMARY KEY,
  school_id TEXT NOT NULL REFERENCES schools(id),
  lesson_id TEXT REFERENCES lessons(id),
  class_id TEXT REFERENCES classes(id),
  raised_by TEXT NOT NULL REFERENCES users(id),
  source TEXT NOT NULL CHECK (source IN ('teacher','student','dsl')),
  offset_ms INTEGER,
  sealed TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','linked','closed')),
  created_at INTEGER NOT NULL
);
CREATE INDEX concerns_school ON concerns(school_id, created_at);
CREATE TABLE concern_students (
  concern_id TEXT NOT NULL REFERENCES concerns(id),
  student_id TEXT NOT NULL REFERENCES users(id),
  PRIMARY KEY (concern_id, student_id)
);
CREATE TABLE incidents (
  id TEXT PRIMARY KEY,
  school_id TEXT NOT NULL REFERENCES schools(id),
  sealed TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open','monitoring','referred','closed')),
  created_by TEXT NOT NULL REFERENCES users(id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  closed_at INTEGER
);
CREATE INDEX incidents_school ON incidents(school_id, status);
CREATE TABLE incident_links (
  incident_id TEXT NOT NULL REFERENCES incidents(id),
  kind TEXT NOT NULL CHECK (kind IN ('flag','concern','student','staff')),
  target_id TEXT NOT NULL,
  added_by TEXT NOT NULL REFERENCES users(id),
  added_at INTEGER NOT NULL,
  PRIMARY KEY (incident_id, kind, target_id)
);
CREATE INDEX incident_links_target ON incident_links(kind, target_id);
-- Parent inbox: lesson summaries and DSL-authored notices; the content is sealed.
CREATE TABLE parent_messages (
  id TEXT PRIMARY KEY,
  school_id TEXT NOT NULL REFERENCES schools(id),
  parent_id TEXT NOT NULL REFERENCES users(id),
  student_id TEXT NOT NULL REFERENCES users(id),
  kind TEXT NOT NULL CHECK (kind IN ('lesson_summary','notice')),
  lesson_id TEXT REFERENCES lessons(id),
  incident_id TEXT REFERENCES incidents(id),
  sealed TEXT NOT NULL,
  created_by TEXT,
  created_at INTEGER NOT NULL,
  read_at INTEGER
);
CREATE INDEX parent_messages_parent ON parent_messages(parent_id, created_at);
CREATE UNIQUE INDEX parent_messages_summary ON parent_messages(parent_id, student_id, lesson_id) WHERE kind = 'lesson_summary';
-- Email outbox: sent through SMTP when configured, otherwise held here for the admin.
CREATE TABLE outbox (
  id TEXT PRIMARY KEY,
  school_id TEXT NOT NULL REFERENCES schools(id),
  message_id TEXT REFERENCES parent_messages(id),
  to_address TEXT NOT NULL,
  sealed TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('held','sending','sent','failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  created_at INTEGER NOT NULL,
  sent_at INTEGER
);
CREATE INDEX outbox_school ON outbox(school_id, created_at);
`,
  },
];

export function migrate(db: Db): number[] {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
  const done = new Set(db.all<{ id: number }>('SELECT id FROM schema_migrations').map((r) => r.id));
  const applied: number[] = [];
  for (const m of MIGRATIONS) {
    if (done.has(m.id)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.run('INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)', [m.id, m.name, Date.now()]);
    });
    applied.push(m.id);
  }
  return applied;
}

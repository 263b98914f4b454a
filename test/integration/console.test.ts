/**
 * Safeguarding console API (real worker, real SQLite, real chat classifier): access refusals, bad
 * input, triage, records of concern (teacher and a student's private report), incidents with
 * notices and reports, parent inboxes and lesson-end summaries, the admin outbox, the access log.
 */
import { DslFeedClient, SignalClient, startHarness, type Harness } from '../helpers/harness';
import type { ConcernView, FlagView } from '../../shared/protocol';

let h: Harness;
let lessonId: string;
let teacher: SignalClient;
let student3: SignalClient;
let student2: SignalClient;
let feed: DslFeedClient;
let dsl: string;
let flag: FlagView;
const concernsOnFeed: ConcernView[] = [];

const tok = async (key: string): Promise<string> => (await h.login(key)).accessToken;

beforeAll(async () => {
  h = await startHarness();
  const t = await tok('teacher');
  lessonId = (await h.http<{ id: string }>('POST', '/lessons', t, { classId: h.school.classId })).body.id;
  const join = async (key: string): Promise<SignalClient> => {
    const c = await SignalClient.connect(h.baseUrl, await tok(key));
    await c.ok('joinLesson', { lessonId });
    return c;
  };
  teacher = await join('teacher');
  student3 = await join('student3');
  student2 = await join('student2');
  dsl = await tok('dsl');
  feed = await DslFeedClient.connect(h.baseUrl, dsl);
  feed.socket.on('concern', (c: ConcernView) => concernsOnFeed.push(c));
  const r = await student3.ok('chat', { text: 'send me nudes' });
  expect(r.delivered).toBe(false);
  flag = await feed.waitFor((f) => f.text === 'send me nudes');
});

afterAll(async () => {
  for (const c of [teacher, student3, student2]) c?.close();
  feed?.close();
  await h?.close();
});

test('teachers, students, parents and the admin are refused the console and its API', async () => {
  const paths: Array<[string, string, unknown?]> = [
    ['GET', '/console/summary'],
    ['GET', '/console/access-log'],
    ['GET', `/flags/${flag.id}`],
    ['POST', `/flags/${flag.id}/triage`, { kind: 'grade', grade: 3 }],
    ['GET', '/incidents'],
    ['POST', '/incidents', { title: 'not allowed' }],
    ['GET', `/concerns/${flag.id}`],
  ];
  for (const key of ['teacher', 'student1', 'parent1', 'admin']) {
    const t = await tok(key);
    for (const [method, path, body] of paths) {
      const r = await h.http(method, path, t, body);
      expect([key, path, r.status]).toEqual([key, path, 403]);
    }
  }
  expect((await h.http('GET', '/console/summary')).status).toBe(401);
  await expect(DslFeedClient.connect(h.baseUrl, await tok('teacher'))).rejects.toThrow();
  // Students and parents cannot raise records of concern through the API (students use "report to staff").
  expect((await h.http('POST', '/concerns', await tok('student1'), { text: 'hello there' })).status).toBe(403);
  expect((await h.http('GET', '/parent/inbox', await tok('teacher'))).status).toBe(403);
  expect((await h.http('GET', '/admin/outbox', await tok('dsl'))).status).toBe(403);
});

test('triage: grade, notes, assignment, actions, false positive; each attributed and sealed at rest', async () => {
  expect((await h.http('POST', `/flags/${flag.id}/triage`, dsl, { kind: 'grade', grade: 7 })).status).toBe(400);
  expect((await h.http('POST', `/flags/${flag.id}/triage`, dsl, { kind: 'shout' })).status).toBe(400);
  expect((await h.http('POST', `/flags/${flag.id}/triage`, dsl, { kind: 'assign', assigneeId: h.school.users.teacher.id })).status).toBe(400);
  expect((await h.http('POST', '/flags/nope/triage', dsl, { kind: 'grade', grade: 2 })).status).toBe(404);
  const steps = [
    { kind: 'grade', grade: 4 },
    { kind: 'note', text: 'Spoke to Cal; distressed. zebra-note-marker' },
    { kind: 'assign', assigneeId: h.school.users.dsl.id },
    { kind: 'action', action: 'pastoral_support', detail: 'Head of year informed' },
  ];
  let last: { flag: FlagView; events: Array<{ kind: string; text: string | null; actorName: string | null; at: number }> } | undefined;
  for (const s of steps) {
    const r = await h.http<NonNullable<typeof last>>('POST', `/flags/${flag.id}/triage`, dsl, s);
    expect(r.status).toBe(200);
    last = r.body;
  }
  expect(last!.flag.grade).toBe(4);
  expect(last!.flag.status).toBe('in_review');
  expect(last!.flag.assigneeName).toBe('Mrs Safeguarding');
  expect(last!.events.map((e) => e.kind)).toEqual(['grade', 'note', 'assign', 'action']);
  expect(last!.events.every((e) => e.actorName === 'Mrs Safeguarding' && e.at > 0)).toBe(true);
  expect(last!.events[1].text).toMatch(/zebra-note-marker/);
  // Notes are personal data: ciphertext only in the database, and never in the audit log.
  const raw = h.app.db.all<{ sealed: string | null }>('SELECT sealed FROM case_events');
  expect(raw.some((r) => r.sealed?.includes('zebra'))).toBe(false);
  expect(JSON.stringify(h.app.audit.list({ targetId: flag.id, limit: 100 }))).not.toMatch(/zebra/);
  const detail = await h.http<{ flag: FlagView }>('GET', `/flags/${flag.id}`, dsl);
  expect(detail.status).toBe(200);
  expect(h.app.audit.list({ targetId: flag.id, action: 'flag.viewed', limit: 5 })).toHaveLength(1);

  // A second flag marked false positive, with a reason (required).
  await new Promise((r) => setTimeout(r, 1100));
  await student2.ok('chat', { text: 'this is fucking boring' });
  const fp = await feed.waitFor((f) => f.text === 'this is fucking boring');
  expect((await h.http('POST', `/flags/${fp.id}/triage`, dsl, { kind: 'false_positive' })).status).toBe(400);
  const marked = await h.http<{ flag: FlagView }>('POST', `/flags/${fp.id}/triage`, dsl, { kind: 'false_positive', reason: 'quoting a film in drama' });
  expect(marked.body.flag.status).toBe('false_positive');
  const counts = await h.http<{ counts: { flags: { open: number } } }>('GET', '/console/summary', dsl);
  expect(counts.body.counts.flags.open).toBeGreaterThanOrEqual(1);
});

test('a student reports privately: staff in the lesson and the DSL see it, classmates never', async () => {
  expect((await student3.request('reportConcern', { text: '' })).ok).toBe(false);
  expect((await student3.request('reportConcern', { text: 'ok', extra: 1 })).ok).toBe(false);
  await new Promise((r) => setTimeout(r, 1100));
  const r = await student3.ok('reportConcern', { text: 'someone in my class keeps messaging me at night' });
  expect(r.received).toBe(true);
  const seen = await teacher.waitFor('concern', (n) => n.concern.text.includes('messaging me at night'));
  expect(seen.concern.raisedBy.id).toBe(h.school.users.student3.id);
  await new Promise((res) => setTimeout(res, 200));
  expect(concernsOnFeed.some((c) => c.text.includes('messaging me at night'))).toBe(true);
  expect(student2.notifications.some((n) => n.type === 'concern')).toBe(false);
  // "Only the safeguarding team": the teacher does not get it.
  await new Promise((res) => setTimeout(res, 1100));
  await student3.ok('reportConcern', { text: 'it is about a member of staff', safeguardingTeamOnly: true });
  await new Promise((res) => setTimeout(res, 300));
  expect(concernsOnFeed.some((c) => c.text === 'it is about a member of staff')).toBe(true);
  expect(teacher.notifications.some((n) => n.type === 'concern' && n.concern.text === 'it is about a member of staff')).toBe(false);
  // Staff cannot use the student button; they use the form.
  expect((await teacher.request('reportConcern', { text: 'teacher trying' })).ok).toBe(false);

  // A teacher raises a record of concern about a student, with the lesson; and sees only their own.
  const t = await tok('teacher');
  expect((await h.http('POST', '/concerns', t, { text: 'x' })).status).toBe(400);
  expect((await h.http('POST', '/concerns', t, { text: 'Ben seemed withdrawn', studentIds: [h.school.users.teacher2.id] })).status).toBe(400);
  const c = await h.http<ConcernView>('POST', '/concerns', t, { text: 'Ben seemed withdrawn and hungry', lessonId, studentIds: [h.school.users.student2.id] });
  expect(c.status).toBe(200);
  expect(c.body.students.map((s) => s.id)).toEqual([h.school.users.student2.id]);
  const mine = await h.http<ConcernView[]>('GET', '/concerns', t);
  expect(mine.body.map((x) => x.raisedBy.id)).toEqual([h.school.users.teacher.id]);
  const t2 = await tok('teacher2');
  expect((await h.http<ConcernView[]>('GET', '/concerns', t2)).body).toEqual([]);
  expect((await h.http('POST', '/concerns', t2, { text: 'not my lesson at all', lessonId })).status).toBe(404);
  const all = await h.http<ConcernView[]>('GET', '/concerns', dsl);
  expect(all.body.length).toBe(3);
  expect(h.app.db.all<{ sealed: string }>('SELECT sealed FROM concerns').some((r) => r.sealed.includes('withdrawn'))).toBe(false);
});

test('incidents: links, chronology, actions, status rules, notices to the right parents only, reports', async () => {
  const concerns = (await h.http<ConcernView[]>('GET', '/concerns', dsl)).body;
  const report = concerns.find((c) => c.source === 'student' && c.text.includes('messaging'))!;
  expect((await h.http('POST', '/incidents', dsl, { title: 'x' })).status).toBe(400);
  expect((await h.http('POST', '/incidents', dsl, { title: 'Bad link', flagIds: ['no-such-flag'] })).status).toBe(400);
  const created = await h.http<{ id: string; status: string; students: Array<{ id: string; guardians: Array<{ id: string }> }> }>('POST', '/incidents', dsl, {
    title: 'Sexual request to Cal',
    summary: 'Chat request in Year 9 Science',
    flagIds: [flag.id],
    concernIds: [report.id],
    staffIds: [h.school.users.teacher.id],
  });
  expect(created.status).toBe(200);
  const id = created.body.id;
  expect(created.body.students.map((s) => s.id)).toEqual([h.school.users.student3.id]);
  expect((await h.http<ConcernView[]>('GET', '/concerns?status=linked', dsl)).body.map((c) => c.id)).toContain(report.id);

  expect((await h.http('POST', `/incidents/${id}/events`, dsl, { kind: 'status', status: 'closed' })).status).toBe(400);
  expect((await h.http('POST', `/incidents/${id}/events`, dsl, { kind: 'note', text: 'Police informed by phone; ref 123' })).status).toBe(200);
  const referred = await h.http<{ status: string }>('POST', `/incidents/${id}/events`, dsl, { kind: 'action', action: 'referred_police', detail: 'ref 123' });
  expect(referred.body.status).toBe('referred');

  // Notices: only to a linked child's own parents.
  expect((await h.http('POST', `/incidents/${id}/notices`, dsl, { studentId: h.school.users.student1.id, subject: 'Hello', body: 'This should not be sent.' })).status).toBe(400);
  expect((await h.http('POST', `/incidents/${id}/notices`, dsl, { studentId: h.school.users.student3.id, parentIds: [h.school.users.parent1.id], subject: 'Hello', body: 'This should not be sent.' })).status).toBe(400);
  expect((await h.http('POST', `/incidents/${id}/notices`, dsl, { studentId: h.school.users.student3.id, subject: 'Hi', body: 'short' })).status).toBe(400);
  const body = 'We need to talk with you about a message Cal received during a lesson today. Please call the school office.';
  const sent = await h.http<{ notices: Array<{ subject: string; to: string[] }> }>('POST', `/incidents/${id}/notices`, dsl, { studentId: h.school.users.student3.id, subject: 'Please contact the school', body });
  expect(sent.status).toBe(200);
  expect(sent.body.notices).toHaveLength(1);

  const inbox3 = await h.http<Array<{ kind: string; notice?: { subject: string; body: string }; child: { id: string } }>>('GET', '/parent/inbox', await tok('parent3'));
  const notices = inbox3.body.filter((m) => m.kind === 'notice');
  expect(notices).toHaveLength(1);
  expect(notices[0].notice).toEqual({ subject: 'Please contact the school', body, from: 'School safeguarding team' });
  // Exactly what the DSL wrote: no flag label, no other child, nothing from the incident.
  expect(JSON.stringify(inbox3.body)).not.toMatch(/nudes|sexual|Sexual request|messaging me|Ben|Ava/);
  for (const other of ['parent1', 'parent2']) {
    const inbox = await h.http<Array<{ kind: string }>>('GET', '/parent/inbox', await tok(other));
    expect(inbox.body.filter((m) => m.kind === 'notice')).toEqual([]);
  }
  const read = await h.http<{ read: boolean }>('POST', `/parent/inbox/${(inbox3.body[0] as unknown as { id: string }).id}/read`, await tok('parent3'));
  expect(read.body.read).toBe(true);
  expect((await h.http('POST', `/parent/inbox/${(inbox3.body[0] as unknown as { id: string }).id}/read`, await tok('parent1'))).status).toBe(404);

  // Detail is audited; the report holds the chronology and the audit trail, never an image.
  expect((await h.http('GET', `/incidents/${id}`, dsl)).status).toBe(200);
  expect(h.app.audit.list({ targetId: id, action: 'incident.viewed', limit: 5 }).length).toBeGreaterThanOrEqual(1);
  const html = await fetch(`${h.baseUrl}/api/incidents/${id}/report.html`, { headers: { authorization: `Bearer ${dsl}` } });
  expect(html.status).toBe(200);
  expect(html.headers.get('content-type')).toMatch(/text\/html/);
  const text = await html.text();
  expect(text).toMatch(/Chronology/);
  expect(text).toMatch(/Flag raised: sexual/);
  expect(text).toMatch(/Action taken: Referred to police/);
  expect(text).toMatch(/Notice sent to Cal&#39;s parent/);
  expect(text).toMatch(/incident\.exported/);
  expect(text).toMatch(/Audit chain verified/);
  expect(text).not.toMatch(/<img|data:image|\/9j\//i);
  const pdf = await fetch(`${h.baseUrl}/api/incidents/${id}/report.pdf`, { headers: { authorization: `Bearer ${dsl}` } });
  expect(pdf.status).toBe(200);
  const bytes = Buffer.from(await pdf.arrayBuffer());
  expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
  expect(bytes.toString('latin1')).toMatch(/Chronology/);
  expect(bytes.toString('latin1')).not.toMatch(/\/Image|\/XObject|DCTDecode/);
  expect(h.app.audit.list({ targetId: id, action: 'incident.exported', limit: 5 })).toHaveLength(2);
  expect((await h.http('GET', `/incidents/${id}/report.doc`, dsl)).status).toBe(400);
  // An open incident holds the lesson's recording past retention.
  const rec = h.app.recordingStore.byLesson(lessonId)!;
  expect(h.app.incidents.hasOpenForRecording(rec.id)).toBe(true);

  // The access log shows who viewed what.
  const log = await h.http<Array<{ action: string; actorName: string }>>('GET', '/console/access-log', dsl);
  expect(log.body.map((e) => e.action)).toEqual(expect.arrayContaining(['incident.viewed', 'incident.exported', 'flag.viewed']));
  expect((await h.http('GET', '/console/access-log?targetType=bogus', dsl)).status).toBe(400);
});

test('when the lesson ends, each attending child’s parents get a summary; emails wait in the admin outbox', async () => {
  expect((await h.http('POST', `/lessons/${lessonId}/end`, await tok('teacher'))).status).toBe(200);
  let inbox2: Array<{ kind: string; summary?: { minutes: { mic: number; camera: number }; chatMessages: number; childName: string; text: string } }> = [];
  for (let i = 0; i < 50; i++) {
    inbox2 = (await h.http<typeof inbox2>('GET', '/parent/inbox', await tok('parent2'))).body;
    if (inbox2.some((m) => m.kind === 'lesson_summary')) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const s2 = inbox2.find((m) => m.kind === 'lesson_summary')!.summary!;
  expect(s2.childName).toBe('Ben (level 2)');
  expect(s2.chatMessages).toBe(1);
  expect(s2.minutes).toEqual({ mic: 0, camera: 0, share: 0 });
  expect(s2.text).toMatch(/Chat messages sent: 1/);
  const inbox3 = (await h.http<typeof inbox2>('GET', '/parent/inbox', await tok('parent3'))).body;
  const s3 = inbox3.filter((m) => m.kind === 'lesson_summary');
  expect(s3).toHaveLength(1);
  expect(s3[0].summary!.childName).toBe('Cal (level 3)');
  expect(JSON.stringify(inbox3)).not.toMatch(/Ben/);
  // Ava did not attend: nothing for her parent.
  const inbox1 = (await h.http<Array<{ kind: string }>>('GET', '/parent/inbox', await tok('parent1'))).body;
  expect(inbox1).toEqual([]);
  // Idempotent.
  expect(h.app.inbox.lessonEnded(lessonId)).toBe(0);

  const outbox = await h.http<Array<{ to: string; subject: string; text: string; status: string }>>('GET', '/admin/outbox', await tok('admin'));
  expect(outbox.status).toBe(200);
  expect(outbox.body.every((m) => m.status === 'held')).toBe(true);
  const toParent3 = outbox.body.filter((m) => m.to === 'parent.cal@riverside.example');
  expect(toParent3.some((m) => /Lesson summary/.test(m.subject))).toBe(true);
  // The notice's email says only that there is a message.
  const noticeMail = toParent3.find((m) => /A message from/.test(m.subject))!;
  expect(noticeMail.text).not.toMatch(/talk with you|Cal/);
  expect(h.app.db.all<{ sealed: string }>('SELECT sealed FROM parent_messages').some((r) => r.sealed.includes('Cal'))).toBe(false);
});

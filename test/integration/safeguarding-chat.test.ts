/**
 * Chat safeguarding in a live lesson (real worker, real SQLite, real classifier): messages are
 * classified before delivery, held ones never reach the class, the DSL hears at once, the teacher
 * sees the flag, evidence is encrypted at rest, and staff can release.
 */
import { readFileSync } from 'node:fs';
import { DslFeedClient, SignalClient, startHarness, type Harness } from '../helpers/harness';
import { allFiles } from '../helpers/media';

let h: Harness;
let lessonId: string;
let teacher: SignalClient;
let sender: SignalClient;
let classmate: SignalClient;
let dsl: DslFeedClient;

beforeAll(async () => {
  h = await startHarness();
  const t = await h.login('teacher');
  lessonId = (await h.http<{ id: string }>('POST', '/lessons', t.accessToken, { classId: h.school.classId })).body.id;
  const join = async (key: string) => {
    const c = await SignalClient.connect(h.baseUrl, (await h.login(key)).accessToken);
    await c.ok('joinLesson', { lessonId });
    return c;
  };
  teacher = await join('teacher');
  sender = await join('student3');
  classmate = await join('student2');
  dsl = await DslFeedClient.connect(h.baseUrl, (await h.login('dsl')).accessToken);
});

afterAll(async () => {
  for (const c of [teacher, sender, classmate]) c?.close();
  dsl?.close();
  await h?.close();
});

// The chat rate limit allows bursts of 5 a second; pace the sends.
async function send(text: string): Promise<{ delivered: boolean; notice?: string; id: string }> {
  await new Promise((r) => setTimeout(r, 1050));
  return sender.ok('chat', { text });
}

const CASES: Array<{ text: string; label: string; held: boolean }> = [
  { text: 'send me nudes tonight', label: 'sexual', held: true },
  { text: "don't tell your parents about our chats, it's our little secret", label: 'grooming', held: true },
  { text: 'i want to kill myself tonight', label: 'self_harm', held: true },
  { text: "i'm bringing a knife tomorrow and i'll stab you", label: 'violence', held: false },
  { text: 'my number is 07700 900123 text me', label: 'pii', held: true },
  { text: "you're so ugly nobody likes you", label: 'bullying', held: false },
  { text: 'this is fucking boring', label: 'profanity', held: false },
];

test.each(CASES)('"$text" -> $label', async ({ text, label, held }) => {
  const r = await send(text);
  expect(r.delivered).toBe(!held);
  if (held) expect(r.notice).toMatch(/staff/);
  const flag = await dsl.waitFor((f) => f.text === text, 3000);
  expect(flag.label).toBe(label);
  expect(flag.action).toBe(held ? 'held' : label === 'profanity' ? 'logged' : 'alerted');
  expect(flag.studentId).toBe(h.school.users.student3.id);
  await teacher.waitFor('flag', (n) => n.flag.id === flag.id);
  // Held messages never reach the class; others do.
  await new Promise((r) => setTimeout(r, 200));
  const received = classmate.notifications.some((n) => n.type === 'chatMessage' && n.message.text === text);
  expect(received).toBe(!held);
  // Students never receive flags.
  expect(classmate.notifications.some((n) => n.type === 'flag')).toBe(false);
});

test('benign school talk passes unflagged', async () => {
  const before = dsl.flags.length;
  for (const text of ['I could murder a pizza', 'we did breast stroke in PE', 'kill the process and restart it', 'the answer is 455']) {
    expect((await send(text)).delivered).toBe(true);
  }
  await new Promise((r) => setTimeout(r, 200));
  expect(dsl.flags.length).toBe(before);
});

test('a DSL who was offline gets the open flags on connect', async () => {
  const late = await DslFeedClient.connect(h.baseUrl, (await h.login('dsl')).accessToken);
  await new Promise((r) => setTimeout(r, 300));
  expect(late.backlog?.some((f) => f.label === 'grooming')).toBe(true);
  late.close();
  // Nobody else may subscribe.
  await expect(DslFeedClient.connect(h.baseUrl, (await h.login('teacher')).accessToken)).rejects.toThrow();
  await expect(DslFeedClient.connect(h.baseUrl, (await h.login('student1')).accessToken)).rejects.toThrow();
});

test('the DSL releases a held message and the class receives it; releases are audited', async () => {
  const flag = dsl.flags.find((f) => f.label === 'pii')!;
  const d = await h.login('dsl');
  const r = await h.http<{ error?: unknown }>('POST', `/flags/${flag.id}/release`, d.accessToken, { reason: 'number is the school office' });
  expect(r.status).toBe(200);
  await classmate.waitFor('chatMessage', (n) => n.message.text === flag.text);
  expect(h.app.audit.list({ targetId: flag.id, action: 'flag.released', limit: 5 })).toHaveLength(1);
  const again = await h.http('POST', `/flags/${flag.id}/release`, d.accessToken, { reason: 'again' });
  expect(again.status).toBe(409);
  // A student cannot release, or list flags.
  const s = await h.login('student1');
  expect((await h.http('POST', `/flags/${flag.id}/release`, s.accessToken, { reason: 'let me' })).status).toBe(403);
  expect((await h.http('GET', '/flags', s.accessToken)).status).toBe(403);
});

test('no chat text is stored in plaintext: not in the database, not in the recordings', () => {
  const secret = "don't tell your parents about our chats";
  const files = allFiles(h.dataDir);
  expect(files.some((f) => f.endsWith('.sqlite'))).toBe(true);
  for (const f of files) expect(readFileSync(f).includes(Buffer.from(secret))).toBe(false);
});

/**
 * Live lessons on the real mediasoup worker and real SQLite, spoken to over real socket.io.
 * Media producers are created with the RTP parameters a browser would send (the browser tests
 * in test/e2e send real media).
 */
import { fakeRtpParameters, SignalClient, startHarness, type Harness } from '../helpers/harness';

let h: Harness;
let lessonId: string;
const clients: SignalClient[] = [];

async function joined(key: string): Promise<{ c: SignalClient; join: any }> {
  const { accessToken } = await h.login(key);
  const c = await SignalClient.connect(h.baseUrl, accessToken);
  clients.push(c);
  const join = await c.ok('joinLesson', { lessonId });
  return { c, join };
}

async function sendTransport(c: SignalClient): Promise<string> {
  return (await c.ok<{ id: string }>('createTransport', { direction: 'send' })).id;
}

beforeAll(async () => {
  h = await startHarness();
  const { accessToken } = await h.login('teacher');
  const r = await h.http<{ id: string }>('POST', '/lessons', accessToken, { classId: h.school.classId });
  expect(r.status).toBe(200);
  lessonId = r.body.id;
});

afterEach(() => {
  while (clients.length) clients.pop()!.close();
});

afterAll(async () => {
  await h?.close();
});

test('join returns the recording notice, router capabilities and the level-1 permissions', async () => {
  const { join } = await joined('student1');
  expect(join.recordingNotice).toMatch(/recorded/);
  expect(join.routerRtpCapabilities.codecs.length).toBeGreaterThan(0);
  expect(join.permissions.level).toBe(1);
  expect(join.permissions.allowed).toEqual({ chat: true, whiteboard: true, share: true, mic: false, camera: false });
  expect(join.permissions.why.mic).toMatch(/parent/);
});

test('a level-1 student producing audio is refused with CONTRIBUTION_LEVEL before the worker sees it', async () => {
  const { c } = await joined('student1');
  const transportId = await sendTransport(c);
  const r = await c.request('produce', { transportId, kind: 'audio', rtpParameters: fakeRtpParameters('audio', 1111), source: 'mic' });
  expect(r).toMatchObject({ ok: false, error: { code: 'CONTRIBUTION_LEVEL', reason: 'contribution_level' } });
  // The client's label is not trusted either way: audio labelled as "share" is refused too.
  const lie = await c.request('produce', { transportId, kind: 'audio', rtpParameters: fakeRtpParameters('audio', 1112), source: 'share' });
  expect(lie.ok).toBe(false);
  // A video share is allowed at level 1.
  const share = await c.request('produce', { transportId, kind: 'video', rtpParameters: fakeRtpParameters('video', 1113), source: 'share' });
  expect(share.ok).toBe(true);
});

test('a student of another class, a parent and an admin cannot join', async () => {
  for (const key of ['outsider', 'parent1', 'admin']) {
    const { accessToken } = await h.login(key);
    const c = await SignalClient.connect(h.baseUrl, accessToken);
    clients.push(c);
    const r = await c.request('joinLesson', { lessonId });
    expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  }
});

test('a parent lowering a live student from 3 to 1 closes the camera and mic at once; the teacher consumer closes', async () => {
  const teacher = await joined('teacher');
  const { c: student } = await joined('student3');
  const transportId = await sendTransport(student);
  const cam = await student.ok<{ producerId: string }>('produce', { transportId, kind: 'video', rtpParameters: fakeRtpParameters('video', 2221), source: 'camera' });
  const mic = await student.ok<{ producerId: string }>('produce', { transportId, kind: 'audio', rtpParameters: fakeRtpParameters('audio', 2222), source: 'mic' });
  await teacher.c.ok('createTransport', { direction: 'recv' });
  const consumer = await teacher.c.ok<{ consumerId: string }>('consume', { producerId: cam.producerId, rtpCapabilities: teacher.join.routerRtpCapabilities });

  const parent = await h.login('parent3');
  const r = await h.http('PUT', `/parent/children/${h.school.users.student3.id}/level`, parent.accessToken, { level: 1 });
  expect(r.status).toBe(200);

  const closed = await teacher.c.waitFor('consumerClosed', (n) => n.consumerId === consumer.consumerId);
  expect(closed.producerId).toBe(cam.producerId);
  const told = await student.waitFor('producerClosed', (n) => n.producerId === cam.producerId);
  expect(told.reason).toMatch(/parent/);
  await student.waitFor('producerClosed', (n) => n.producerId === mic.producerId);
  const perms = await student.waitFor('permissionsChanged');
  expect(perms.permissions.allowed.camera).toBe(false);
  // The producer records show both closed for the level change.
  const spans = h.app.lessonStore.producerSpans(lessonId, h.school.users.student3.id);
  expect(spans.filter((s) => s.close_reason?.startsWith('level_changed'))).toHaveLength(2);
  // And a new camera is refused.
  const again = await student.request('produce', { transportId, kind: 'video', rtpParameters: fakeRtpParameters('video', 2223), source: 'camera' });
  expect(again).toMatchObject({ ok: false, error: { code: 'CONTRIBUTION_LEVEL' } });
  await h.http('PUT', `/parent/children/${h.school.users.student3.id}/level`, parent.accessToken, { level: 3 });
});

test('teacher mute closes the mic and lifting it never goes above the parent level', async () => {
  const teacher = await joined('teacher');
  const { c: ben } = await joined('student2');
  const transportId = await sendTransport(ben);
  const mic = await ben.ok<{ producerId: string }>('produce', { transportId, kind: 'audio', rtpParameters: fakeRtpParameters('audio', 3331), source: 'mic' });
  const benId = h.school.users.student2.id;
  await teacher.c.ok('restrict', { target: { userId: benId }, source: 'mic', restricted: true });
  const told = await ben.waitFor('producerClosed', (n) => n.producerId === mic.producerId);
  expect(told.reason).toMatch(/teacher/i);
  const refused = await ben.request('produce', { transportId, kind: 'audio', rtpParameters: fakeRtpParameters('audio', 3332), source: 'mic' });
  expect(refused).toMatchObject({ ok: false, error: { code: 'CONTRIBUTION_LEVEL', reason: 'teacher_restriction' } });
  // Lift the mute, and try to lift camera: Ben's parent chose level 2, so camera stays off.
  await teacher.c.ok('restrict', { target: { userId: benId }, source: 'mic', restricted: false });
  await teacher.c.ok('restrict', { target: { userId: benId }, source: 'camera', restricted: false });
  const cam = await ben.request('produce', { transportId, kind: 'video', rtpParameters: fakeRtpParameters('video', 3333), source: 'camera' });
  expect(cam).toMatchObject({ ok: false, error: { code: 'CONTRIBUTION_LEVEL', reason: 'contribution_level' } });
  expect((await ben.request('produce', { transportId, kind: 'audio', rtpParameters: fakeRtpParameters('audio', 3334), source: 'mic' })).ok).toBe(true);
  // Students cannot use teacher controls.
  const r = await ben.request('restrict', { target: 'room', source: 'chat', restricted: true });
  expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
});

test('chat, lock chat, whiteboard and the raise-hand queue', async () => {
  const teacher = await joined('teacher');
  const { c: ava } = await joined('student1');
  await ava.ok('chat', { text: 'Hello miss' });
  const msg = await teacher.c.waitFor('chatMessage', (n) => n.message.text === 'Hello miss');
  expect(msg.message.userId).toBe(h.school.users.student1.id);

  await teacher.c.ok('restrict', { target: 'room', source: 'chat', restricted: true });
  const locked = await ava.request('chat', { text: 'can I still talk' });
  expect(locked).toMatchObject({ ok: false, error: { code: 'CONTRIBUTION_LEVEL', reason: 'room_restriction' } });
  expect((await teacher.c.request('chat', { text: 'teachers still can' })).ok).toBe(true);
  await teacher.c.ok('restrict', { target: 'room', source: 'chat', restricted: false });

  await ava.ok('whiteboardStroke', { points: [[0.1, 0.2], [0.3, 0.4]], color: '#ff0000', width: 3 });
  const stroke = await teacher.c.waitFor('whiteboardStroke');
  expect(stroke.stroke.points).toEqual([[0.1, 0.2], [0.3, 0.4]]);
  expect(h.app.lessonStore.strokes(lessonId).length).toBeGreaterThan(0);

  await ava.ok('raiseHand', {});
  const hands = await teacher.c.waitFor('hands', (n) => n.queue.includes(h.school.users.student1.id));
  expect(hands.queue).toEqual([h.school.users.student1.id]);
  await teacher.c.ok('lowerHand', { userId: h.school.users.student1.id });
  await teacher.c.waitFor('hands', (n) => n.queue.length === 0);
});

test('the DSL observes silently: joins, but cannot chat or send media', async () => {
  const { c, join } = await joined('dsl');
  expect(join.me.role).toBe('observer');
  expect(await c.request('chat', { text: 'hi' })).toMatchObject({ ok: false, error: { code: 'CONTRIBUTION_LEVEL', reason: 'observer' } });
  expect(await c.request('createTransport', { direction: 'send' })).toMatchObject({ ok: false, error: { code: 'CONTRIBUTION_LEVEL' } });
});

test('attendance records joins, leaves and the recording-notice acknowledgement', async () => {
  const { c } = await joined('student2');
  await c.ok('ackRecordingNotice', {});
  c.close();
  await new Promise((r) => setTimeout(r, 200));
  const teacher = await h.login('teacher');
  const r = await h.http<{ register: Array<{ user_id: string; joined_at: number; left_at: number | null; notice_ack_at: number | null }> }>('GET', `/lessons/${lessonId}/attendance`, teacher.accessToken);
  const ben = r.body.register.filter((a) => a.user_id === h.school.users.student2.id);
  const last = ben[ben.length - 1];
  expect(last.notice_ack_at).not.toBeNull();
  expect(last.left_at).not.toBeNull();
  // A student cannot read the register.
  const s = await h.login('student1');
  expect((await h.http('GET', `/lessons/${lessonId}/attendance`, s.accessToken)).status).toBe(403);
});

test('the teacher removes a student, who cannot rejoin this lesson', async () => {
  const teacher = await joined('teacher');
  const { c: ava } = await joined('student1');
  await teacher.c.ok('removeParticipant', { userId: h.school.users.student1.id });
  const removed = await ava.waitFor('removed');
  expect(removed.reason).toMatch(/removed/);
  const { accessToken } = await h.login('student1');
  const again = await SignalClient.connect(h.baseUrl, accessToken);
  clients.push(again);
  expect(await again.request('joinLesson', { lessonId })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
});

test('bad input gets typed errors and the connection goes on', async () => {
  const { c } = await joined('student3');
  expect(await c.request('noSuchMethod', {})).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  expect(await c.request('chat', { text: 'x'.repeat(5000) })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  expect(await c.request('chat', { text: 'hi', extra: 1 })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  expect(await c.request('consume', { producerId: 'nope', rtpCapabilities: {} })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  expect(await c.request('connectTransport', { transportId: 'nope', dtlsParameters: { fingerprints: [{ algorithm: 'sha-256', value: 'x' }] } })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  const transportId = await sendTransport(c);
  const bad = await c.request('produce', { transportId, kind: 'video', rtpParameters: { codecs: [{ mimeType: 'video/NOPE' }] }, source: 'camera' });
  expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  await new Promise<void>((resolve) => c.socket.emit('request', 'not an object', () => resolve()));
  // Still connected and working.
  expect((await c.request('chat', { text: 'still here' })).ok).toBe(true);
  // Another lesson id looks like no lesson at all.
  expect(await c.request('joinLesson', { lessonId: 'f00' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
});

test('forged and missing tokens cannot connect', async () => {
  await expect(SignalClient.connect(h.baseUrl, 'forged.token.value')).rejects.toThrow();
  const { accessToken } = await h.login('student3');
  const [head, , sig] = accessToken.split('.');
  const tampered = `${head}.${Buffer.from(JSON.stringify({ sub: 'x', role: 'dsl', school: 'y', sid: 'z', typ: 'access' })).toString('base64url')}.${sig}`;
  await expect(SignalClient.connect(h.baseUrl, tampered)).rejects.toThrow();
});

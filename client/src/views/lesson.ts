/**
 * The lesson page for teachers, students and observers. It shows only the controls the server
 * says are allowed and says why the others are not; the server enforces it either way.
 */
import { MEDIA_SOURCES, SOURCES, type MediaSource, type Source } from '../../../shared/levels';
import type { FlagView, JoinResult, Notification, PeerInfo, PermissionsView, Stroke } from '../../../shared/protocol';
import { api, ApiError, tokens } from '../api';
import { h, mount } from '../dom';
import { LessonClient, RequestError, type RemoteTrack } from '../lessonClient';

const SOURCE_LABEL: Record<Source, string> = { chat: 'Chat', whiteboard: 'Whiteboard', share: 'Share screen', mic: 'Microphone', camera: 'Camera' };

export async function showLesson(lessonId: string, onLeave: () => void): Promise<void> {
  const client = new LessonClient(tokens()!.accessToken);
  (window as unknown as { lesson: LessonClient }).lesson = client; // handy for tests and debugging
  const banner = h('div', { 'data-testid': 'lesson-banner' });
  let joined: JoinResult;
  try {
    joined = await client.join(lessonId);
  } catch (e) {
    client.close();
    mount(h('p', { class: 'error', 'data-testid': 'join-error' }, e instanceof RequestError ? e.body.message : 'Could not join'), h('button', { onclick: onLeave }, 'Back'));
    return;
  }
  const me = joined.me;
  const isTeacher = me.role === 'teacher';
  let perms: PermissionsView = joined.permissions;
  const peers = new Map<string, PeerInfo>(joined.peers.map((p) => [p.userId, p]));
  let hands = joined.hands;
  let roomRestrictions = new Set<Source>(joined.roomRestrictions);

  const say = (text: string, kind: 'info' | 'warn' = 'info'): void => {
    banner.replaceChildren(h('div', { class: kind === 'warn' ? 'banner' : 'notice' }, text));
  };

  // ---- recording notice (everyone, at join) ----
  const notice = h(
    'div',
    { class: 'modal', 'data-testid': 'recording-notice' },
    h('div', { class: 'card' }, h('h3', {}, 'This lesson is recorded'), h('p', {}, joined.recordingNotice), h('button', {
      'data-testid': 'ack-recording',
      onclick: async () => {
        await client.request('ackRecordingNotice', {});
        notice.remove();
      },
    }, 'I understand')),
  );

  // ---- media controls ----
  const controls = h('div', { class: 'controls', 'data-testid': 'controls' });
  const localVideo = h('video', { autoplay: true, muted: true, playsinline: true, 'data-testid': 'local-video' });
  const renderControls = (): void => {
    controls.replaceChildren(
      ...MEDIA_SOURCES.flatMap((source): HTMLElement[] => {
        if (!perms.allowed[source]) return me.role === 'student' ? [h('div', { class: 'why', 'data-testid': `why-${source}` }, `${SOURCE_LABEL[source]}: ${perms.why[source] ?? 'not allowed'}`)] : [];
        const on = client.isProducing(source);
        return [h('button', { 'data-testid': `toggle-${source}`, onclick: () => void toggle(source) }, `${on ? 'Stop' : 'Start'} ${SOURCE_LABEL[source].toLowerCase()}`)];
      }),
      me.role === 'student' ? h('button', { 'data-testid': 'raise-hand', onclick: () => void client.request(hands.includes(me.userId) ? 'lowerHand' : 'raiseHand', {}) }, hands.includes(me.userId) ? 'Lower hand' : 'Raise hand') : '',
      me.role !== 'observer' ? h('button', { 'data-testid': 'leave', onclick: () => leave() }, 'Leave') : h('button', { onclick: () => leave() }, 'Stop observing'),
      isTeacher ? h('button', { 'data-testid': 'end-lesson', onclick: () => void client.request('endLesson', {}).catch(() => undefined) }, 'End lesson') : '',
    );
    chatInput.disabled = !perms.allowed.chat;
    chatWhy.textContent = perms.allowed.chat ? '' : (perms.why.chat ?? '');
  };

  const toggle = async (source: MediaSource): Promise<void> => {
    try {
      if (client.isProducing(source)) {
        await client.stopProducing(source);
        if (source === 'camera') localVideo.srcObject = null;
      } else {
        const stream =
          source === 'share'
            ? await navigator.mediaDevices.getDisplayMedia({ video: true })
            : await navigator.mediaDevices.getUserMedia(source === 'mic' ? { audio: true } : { video: { width: 640, height: 480 } });
        const track = stream.getTracks()[0];
        if (source === 'camera') localVideo.srcObject = new MediaStream([track]);
        await client.produce(source, track);
      }
    } catch (e) {
      say(e instanceof RequestError ? e.body.message : `Could not use ${SOURCE_LABEL[source].toLowerCase()}`, 'warn');
    }
    renderControls();
  };

  // ---- remote media ----
  const videos = h('div', { class: 'videos', 'data-testid': 'videos' }, h('figure', {}, localVideo, h('figcaption', {}, 'You')));
  client.onTrack = (t: RemoteTrack) => {
    const name = peers.get(t.producer.userId)?.name ?? 'Someone';
    const el = t.track.kind === 'video' ? h('video', { autoplay: true, playsinline: true, muted: true }) : h('audio', { autoplay: true });
    el.srcObject = new MediaStream([t.track]);
    const fig = h('figure', { 'data-testid': `remote-${t.producer.source}-${t.producer.userId}`, 'data-consumer': t.consumerId }, el, h('figcaption', {}, `${name} (${t.producer.source})`));
    if (t.track.kind === 'audio') fig.hidden = true;
    videos.append(fig);
  };
  client.onTrackEnded = (consumerId) => videos.querySelector(`[data-consumer="${consumerId}"]`)?.remove();

  // ---- roster and teacher controls ----
  const roster = h('div', { 'data-testid': 'roster' });
  const restrictBtn = (target: { userId: string } | 'room', source: Source, restricted: boolean, label: string, testid: string): HTMLElement =>
    h('button', { 'data-testid': testid, onclick: () => void client.request('restrict', { target, source, restricted }).catch((e: RequestError) => say(e.body.message, 'warn')) }, label);
  const renderRoster = (): void => {
    const rows = [...peers.values()].map((p) => {
      const controlsForStudent =
        isTeacher && p.role === 'student'
          ? [
              restrictBtn({ userId: p.userId }, 'mic', true, 'Mute', `mute-${p.userId}`),
              restrictBtn({ userId: p.userId }, 'mic', false, 'Allow mic', `unmute-${p.userId}`),
              restrictBtn({ userId: p.userId }, 'camera', true, 'Stop camera', `stopcam-${p.userId}`),
              restrictBtn({ userId: p.userId }, 'share', true, 'Stop share', `stopshare-${p.userId}`),
              h('button', { 'data-testid': `remove-${p.userId}`, onclick: () => void client.request('removeParticipant', { userId: p.userId }) }, 'Remove'),
            ]
          : [];
      const hand = hands.includes(p.userId) ? ' (hand up)' : '';
      return h('li', { 'data-testid': `peer-${p.userId}` }, `${p.name} (${p.role})${hand} `, ...controlsForStudent);
    });
    const roomControls = isTeacher
      ? h(
          'div',
          {},
          roomRestrictions.has('chat') ? restrictBtn('room', 'chat', false, 'Unlock chat', 'unlock-chat') : restrictBtn('room', 'chat', true, 'Lock chat', 'lock-chat'),
          restrictBtn('room', 'mic', true, 'Mute all', 'mute-all'),
          restrictBtn('room', 'mic', false, 'Allow mics', 'unmute-all'),
          restrictBtn('room', 'camera', true, 'Stop all cameras', 'stopcam-all'),
          restrictBtn('room', 'camera', false, 'Allow cameras', 'allowcam-all'),
        )
      : '';
    const queue = hands.length
      ? h('p', { 'data-testid': 'hands' }, 'Hands up: ', ...hands.map((id) => h('span', {}, `${peers.get(id)?.name ?? 'you'} `, isTeacher ? h('button', { onclick: () => void client.request('lowerHand', { userId: id }) }, 'Lower') : '')))
      : '';
    roster.replaceChildren(h('h4', {}, 'In the lesson'), h('ul', {}, ...rows), queue, roomControls);
  };

  // ---- safeguarding flags (staff only; the server never sends them to students) ----
  const flags = h('div', { 'data-testid': 'lesson-flags' });

  // ---- records of concern: a student reports privately; a teacher records one ----
  const concernBox = h('div', { class: 'card', 'data-testid': 'concern-box', hidden: true });
  const openConcernForm = (): void => {
    const text = h('textarea', { rows: '3', cols: '40', maxlength: '2000', 'data-testid': 'concern-text', placeholder: me.role === 'student' ? 'Tell staff what is worrying you' : 'What did you see or hear?' });
    const status = h('p', { class: 'why', 'data-testid': 'concern-status' });
    const onlyDsl = h('input', { type: 'checkbox', 'data-testid': 'concern-dsl-only' });
    const students = [...peers.values()].filter((p) => p.role === 'student');
    const picks = students.map((p) => h('label', {}, h('input', { type: 'checkbox', value: p.userId, 'data-testid': `concern-about-${p.userId}` }), ` ${p.name} `));
    const send = async (): Promise<void> => {
      try {
        if (me.role === 'student') {
          const r = (await client.request('reportConcern', { text: text.value, safeguardingTeamOnly: onlyDsl.checked })) as { message: string };
          status.textContent = r.message;
        } else {
          const studentIds = picks.map((l) => l.querySelector('input')!).filter((i) => i.checked).map((i) => i.value);
          await api('POST', '/concerns', { text: text.value, lessonId, studentIds });
          status.textContent = 'Record of concern sent to the safeguarding team.';
        }
        text.value = '';
      } catch (e) {
        status.textContent = e instanceof RequestError || e instanceof ApiError ? (e instanceof RequestError ? e.body.message : e.message) : 'Not sent';
      }
    };
    concernBox.replaceChildren(
      h('h4', {}, me.role === 'student' ? 'Report to staff' : 'Record of concern'),
      me.role === 'student' ? h('p', { class: 'why' }, 'Only staff can see this, never other students.') : h('p', {}, 'About: ', ...picks),
      text,
      h('br'),
      me.role === 'student' ? h('label', {}, onlyDsl, ' Only the school safeguarding team (not the staff in this lesson)') : '',
      h('br'),
      h('button', { 'data-testid': 'concern-send', onclick: () => void send() }, 'Send'),
      h('button', { onclick: () => (concernBox.hidden = true) }, 'Close'),
      status,
    );
    concernBox.hidden = false;
  };
  const concernButton =
    me.role === 'student' || isTeacher ? h('button', { 'data-testid': 'open-concern', onclick: openConcernForm }, me.role === 'student' ? 'Report to staff' : 'Record a concern') : '';

  /** A flag as the teacher sees it; held messages and paused media can be released with a reason (audited). */
  const flagBanner = (f: FlagView): HTMLElement => {
    const text = `Safeguarding: ${f.label} (${f.severity}) — ${f.studentName}: ${f.action}${f.text ? ` — "${f.text}"` : ''}`;
    const banner = h('div', { class: 'banner', 'data-testid': `flag-${f.label}` }, text);
    if (isTeacher && (f.action === 'held' || f.action === 'contained')) {
      const reason = h('input', { placeholder: 'Reason for releasing', 'data-testid': `release-reason-${f.id}` });
      const result = h('span', { class: 'why' });
      const release = h('button', {
        'data-testid': `release-${f.id}`,
        onclick: async () => {
          try {
            await api('POST', `/flags/${f.id}/release`, { reason: reason.value });
            result.textContent = ' Released (recorded in the audit log).';
            release.remove();
            reason.remove();
          } catch (e) {
            result.textContent = ` ${e instanceof ApiError ? e.message : 'Could not release'}`;
          }
        },
      }, 'Release');
      banner.append(' ', reason, release, result);
    }
    return banner;
  };

  // ---- chat ----
  const chatLog = h('div', { class: 'chatlog', 'data-testid': 'chat-log' });
  const addChat = (name: string, text: string): void => {
    chatLog.append(h('div', {}, h('strong', {}, `${name}: `), text));
    chatLog.scrollTop = chatLog.scrollHeight;
  };
  for (const m of joined.chat) addChat(m.name, m.text);
  const chatInput = h('input', { 'data-testid': 'chat-input', placeholder: 'Message the class', maxlength: '2000' });
  const chatWhy = h('p', { class: 'why', 'data-testid': 'why-chat' });
  const chatForm = h('form', {}, chatInput, h('button', { type: 'submit' }, 'Send'), chatWhy);
  chatForm.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const text = chatInput.value.trim();
    if (!text) return;
    try {
      const r = (await client.request('chat', { text })) as { delivered: boolean; notice?: string };
      chatInput.value = '';
      if (!r.delivered) say(r.notice ?? 'Your message is held for review by staff.', 'warn');
    } catch (e) {
      chatWhy.textContent = e instanceof RequestError ? e.body.message : 'Not sent';
    }
  });

  // ---- whiteboard (normalised coordinates) ----
  const canvas = h('canvas', { class: 'whiteboard', width: '600', height: '300', 'data-testid': 'whiteboard' });
  const ctx = canvas.getContext('2d')!;
  const draw = (s: Stroke): void => {
    ctx.strokeStyle = s.color;
    ctx.lineWidth = s.width;
    ctx.beginPath();
    s.points.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(x * canvas.width, y * canvas.height) : ctx.lineTo(x * canvas.width, y * canvas.height)));
    ctx.stroke();
  };
  joined.strokes.forEach(draw);
  let current: Array<[number, number]> | null = null;
  const point = (ev: PointerEvent): [number, number] => {
    const r = canvas.getBoundingClientRect();
    return [Math.min(1, Math.max(0, (ev.clientX - r.left) / r.width)), Math.min(1, Math.max(0, (ev.clientY - r.top) / r.height))];
  };
  canvas.addEventListener('pointerdown', (ev) => {
    if (perms.allowed.whiteboard) current = [point(ev)];
  });
  canvas.addEventListener('pointermove', (ev) => {
    if (current && current.length < 500) current.push(point(ev));
  });
  canvas.addEventListener('pointerup', () => {
    if (!current) return;
    const stroke: Stroke = { points: current, color: '#243b6b', width: 3 };
    current = null;
    draw(stroke);
    client.request('whiteboardStroke', stroke).catch((e: RequestError) => say(e.body.message, 'warn'));
  });

  // ---- notifications ----
  client.onNotify = (n: Notification) => {
    switch (n.type) {
      case 'participantJoined':
        peers.set(n.peer.userId, n.peer);
        renderRoster();
        break;
      case 'participantLeft':
        peers.delete(n.userId);
        renderRoster();
        break;
      case 'permissionsChanged':
        perms = n.permissions;
        renderControls();
        break;
      case 'producerClosed':
        if (client.isProducing(n.source) === false && n.reason !== 'closed') {
          if (n.source === 'camera') localVideo.srcObject = null;
          say(`${SOURCE_LABEL[n.source]} stopped: ${n.reason}`, 'warn');
        }
        renderControls();
        break;
      case 'chatMessage':
        addChat(n.message.name, n.message.text);
        break;
      case 'whiteboardStroke':
        draw(n.stroke);
        break;
      case 'hands':
        hands = n.queue;
        renderRoster();
        renderControls();
        break;
      case 'roomRestrictions':
        roomRestrictions = new Set(n.sources);
        renderRoster();
        break;
      case 'removed':
        say(n.reason, 'warn');
        break;
      case 'lessonEnded':
        say('The lesson has ended.');
        client.close();
        break;
      case 'producerPaused':
        say(`${SOURCE_LABEL[n.source]} paused: ${n.reason}`, 'warn');
        break;
      case 'producerResumed':
        say(`${SOURCE_LABEL[n.source]} resumed.`);
        break;
      case 'concern':
        flags.prepend(h('div', { class: 'banner', 'data-testid': 'lesson-concern' }, `Concern from ${n.concern.raisedBy.name}: "${n.concern.text}" (the safeguarding team has it too)`));
        break;
      case 'flag':
        flags.prepend(flagBanner(n.flag));
        break;
      case 'newProducer':
      case 'consumerClosed':
        break;
      default: {
        const unreachable: never = n;
        console.warn('unknown notification', unreachable);
      }
    }
  };

  const leave = (): void => {
    void client.request('leaveLesson', {}).finally(() => {
      client.close();
      onLeave();
    });
  };

  const recordingBadge = h('p', { class: 'why', 'data-testid': 'recording-badge' }, '● This lesson is being recorded for safeguarding and learning.');
  const levelLine = perms.level ? h('p', { 'data-testid': 'my-level' }, `Your contribution level: ${perms.level}. `, ...SOURCES.filter((s) => perms.allowed[s]).map((s) => `${SOURCE_LABEL[s]} ✓ `)) : '';
  renderControls();
  renderRoster();
  mount(
    notice,
    banner,
    h('div', { class: 'lesson' }, h('div', {}, recordingBadge, levelLine, controls, videos, h('h4', {}, 'Whiteboard'), canvas), h('div', {}, roster, concernButton, concernBox, flags, h('h4', {}, 'Chat'), chatLog, chatForm)),
  );
}

/**
 * Recording player: every track of a lesson played together on one clock, with the timeline
 * (chat replay, markers for teacher actions and flags). Opens at ?t=SECONDS from the URL.
 * Access is granted per view by the server (audited); quarantined material asks for a justification.
 */
import type { RecordingGrant } from '../../../shared/api';
import { api, ApiError } from '../api';
import { h, mount } from '../dom';

interface TimelineEvent {
  offsetMs: number;
  type: string;
  actorName?: string | null;
  detail: Record<string, unknown>;
}

const MARKER_TYPES = new Set(['restricted', 'unrestricted', 'removed', 'level_changed', 'contained', 'released', 'flag', 'hand_raised']);

export async function showPlayer(recordingId: string, startSeconds: number, onBack: () => void): Promise<void> {
  const error = h('p', { class: 'error', 'data-testid': 'player-error' });
  let grant: RecordingGrant;
  try {
    grant = await api<RecordingGrant>('POST', `/recordings/${recordingId}/access`, {});
  } catch (e) {
    if (e instanceof ApiError && e.body.reason === 'justification_required') return askJustification(recordingId, startSeconds, onBack);
    mount(h('p', { class: 'error', 'data-testid': 'player-error' }, e instanceof ApiError ? e.message : 'Could not open the recording'), h('button', { onclick: onBack }, 'Back'));
    return;
  }
  return play(grant, startSeconds, onBack, error);
}

function askJustification(recordingId: string, startSeconds: number, onBack: () => void): void {
  const text = h('textarea', { 'data-testid': 'justification', rows: '3', cols: '60', placeholder: 'Why you need to view this quarantined material' });
  const error = h('p', { class: 'error' });
  mount(
    h('div', { class: 'card' },
      h('h3', {}, 'Quarantined material'),
      h('p', {}, 'This recording holds a safeguarding flag. View it only if there is no other option; never copy it; involve the police where required. Your justification is recorded in the audit log.'),
      text,
      h('br'),
      h('button', {
        'data-testid': 'justify',
        onclick: async () => {
          try {
            const grant = await api<RecordingGrant>('POST', `/recordings/${recordingId}/access`, { justification: text.value });
            await play(grant, startSeconds, onBack, error);
          } catch (e) {
            error.textContent = e instanceof ApiError ? e.message : 'Refused';
          }
        },
      }, 'View'),
      error,
    ),
  );
}

async function play(grant: RecordingGrant, startSeconds: number, onBack: () => void, error: HTMLElement): Promise<void> {
  const q = `pt=${encodeURIComponent(grant.playbackToken)}`;
  const base = `/api/recordings/${grant.recording.id}`;
  const timeline = (await fetch(`${base}/timeline?${q}`).then((r) => r.json())) as TimelineEvent[];
  const media = grant.tracks.map((t) => {
    const el = t.kind === 'video' ? h('video', { playsinline: true, 'data-testid': `track-${t.id}` }) : h('audio', { 'data-testid': `track-${t.id}` });
    el.src = `${base}/tracks/${t.id}?${q}`;
    el.preload = 'auto';
    return { t, el };
  });
  const durationMs = Math.max(grant.recording.durationMs, ...grant.tracks.map((t) => t.endedOffsetMs ?? 0));
  let clockMs = Math.max(0, Math.min(durationMs, startSeconds * 1000));
  let playing = false;
  let lastTick = performance.now();

  const slider = h('input', { type: 'range', min: '0', max: String(durationMs), value: String(clockMs), 'data-testid': 'scrubber', style: 'width: 100%' });
  const clockLabel = h('span', { 'data-testid': 'clock' });
  const chat = h('div', { class: 'chatlog', 'data-testid': 'replay-chat' });
  const markers = h('div', { style: 'position: relative; height: 14px; background: #eee' },
    ...timeline.filter((e) => MARKER_TYPES.has(e.type)).map((e) =>
      h('span', { title: `${e.type} at ${(e.offsetMs / 1000).toFixed(0)} s`, 'data-testid': `marker-${e.type}`, style: `position:absolute; left:${(100 * e.offsetMs) / Math.max(1, durationMs)}%; width:3px; height:14px; background:${e.type === 'flag' ? '#c00' : '#246'}` })),
  );

  /** Put every element where the clock says; tracks outside their span are hidden and paused. */
  const sync = (force: boolean): void => {
    for (const { t, el } of media) {
      const local = (clockMs - t.startedOffsetMs) / 1000;
      const inSpan = local >= 0 && (t.endedOffsetMs === null || clockMs <= t.endedOffsetMs);
      el.hidden = !inSpan && t.kind === 'video';
      if (!inSpan) {
        if (!el.paused) el.pause();
        continue;
      }
      if (force || Math.abs(el.currentTime - local) > 0.3) el.currentTime = local;
      if (playing && el.paused) void el.play().catch(() => undefined);
      if (!playing && !el.paused) el.pause();
    }
    slider.value = String(clockMs);
    clockLabel.textContent = `${(clockMs / 1000).toFixed(1)} s / ${(durationMs / 1000).toFixed(1)} s`;
    chat.replaceChildren(
      ...timeline.filter((e) => e.type === 'chat' && e.offsetMs <= clockMs && e.detail.delivered !== false).map((e) => h('div', {}, h('strong', {}, `${e.actorName ?? 'someone'}: `), String(e.detail.text ?? ''))),
    );
  };
  const tick = (): void => {
    const now = performance.now();
    if (playing) clockMs = Math.min(durationMs, clockMs + (now - lastTick));
    lastTick = now;
    if (clockMs >= durationMs) playing = false;
    sync(false);
    requestAnimationFrame(tick);
  };
  slider.addEventListener('input', () => {
    clockMs = Number(slider.value);
    sync(true);
  });
  const playBtn = h('button', { 'data-testid': 'play', onclick: () => { playing = !playing; playBtn.textContent = playing ? 'Pause' : 'Play'; sync(true); } }, 'Play');
  mount(
    h('div', { class: 'card' },
      h('h2', {}, `${grant.recording.className}: ${grant.recording.title}`),
      h('p', {}, `Recorded ${new Date(grant.recording.startedAt).toLocaleString()} (${grant.recording.status}). Viewing is recorded in the audit log.`),
      h('div', { class: 'videos', 'data-testid': 'player-tracks' }, ...media.map(({ t, el }) => h('figure', {}, el, h('figcaption', {}, `${t.userName ?? ''} ${t.source}`)))),
      playBtn, ' ', clockLabel, slider, markers,
      h('h4', {}, 'Chat'), chat, error,
      h('button', { onclick: onBack }, 'Back'),
    ),
  );
  sync(true);
  requestAnimationFrame(tick);
}

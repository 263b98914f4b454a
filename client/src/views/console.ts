/**
 * The safeguarding console (DSL only; the server refuses everyone else): a live feed of flags from
 * every lesson, newest first, with a visible and audible alert for high severity; filters; counts
 * of open items; each flag's context and evidence (chat text or a blurred preview; the unblurred
 * snapshot only with a written justification; a `sexual` frame flag opens as the quarantined
 * recording range after the policy guidance); triage; records of concern; links to incidents.
 */
import { io, type Socket } from 'socket.io-client';
import type { ConcernView, FlagView } from '../../../shared/protocol';
import { SAFEGUARDING_LABELS } from '../../../shared/taxonomy';
import { api, ApiError, apiBlob, tokens } from '../api';
import { h, mount } from '../dom';

interface Summary {
  counts: { flags: { open: number; low: number; medium: number; high: number }; concerns: number; incidents: number };
  team: Array<{ id: string; name: string }>;
  students: Array<{ id: string; name: string }>;
}
interface CaseEvent {
  id: string;
  kind: string;
  value: string | null;
  text: string | null;
  actorName: string | null;
  at: number;
}
interface FlagDetail {
  flag: FlagView;
  events: CaseEvent[];
  incidents: Array<{ id: string; title: string; status: string }>;
}

export const ACTIONS: Array<[string, string]> = [
  ['parents_informed', 'Parents / carers informed'],
  ['pastoral_support', 'Pastoral support'],
  ['referred_police', 'Referred to police'],
  ['referred_lado', 'Referred to LADO'],
  ['referred_ceop', 'Referred to CEOP'],
  ['referred_iwf', 'Reported to IWF'],
  ['referred_social_care', "Referred to children's social care"],
  ['sanction', 'Sanction'],
];

const GUIDANCE =
  'Suspected indecent image of a child: there is no snapshot or preview by design. View the quarantined recording only if there is no other option; never copy, save, print, screenshot or forward it; involve the police where required. You will be asked for a written justification, which is recorded in the audit log.';

let feed: Socket | null = null;
const objectUrls: string[] = [];

function teardown(): void {
  feed?.disconnect();
  feed = null;
  for (const u of objectUrls.splice(0)) URL.revokeObjectURL(u);
}

export const errorText = (e: unknown, fallback = 'Something went wrong'): string => (e instanceof ApiError ? e.message : fallback);
export const when = (ms: number): string => new Date(ms).toLocaleString();
const clock = (ms: number): string => {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

/** A short tone through WebAudio (the audible alert). */
function beep(): void {
  try {
    const Ctx = window.AudioContext ?? (window as unknown as { webkitAudioContext: typeof AudioContext }).webkitAudioContext;
    const ctx = new Ctx();
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.frequency.value = 880;
    gain.gain.value = 0.2;
    osc.connect(gain).connect(ctx.destination);
    osc.start();
    osc.stop(ctx.currentTime + 0.4);
    osc.onended = () => void ctx.close();
  } catch {
    // no audio device: the visible alert still shows
  }
}

export async function showConsole(): Promise<void> {
  teardown();
  window.addEventListener('hashchange', teardown, { once: true });
  let summary: Summary;
  try {
    summary = await api<Summary>('GET', '/console/summary');
  } catch (e) {
    mount(h('p', { class: 'error', 'data-testid': 'console-refused' }, e instanceof ApiError && e.status === 403 ? 'The safeguarding console is only for the safeguarding team.' : errorText(e)));
    return;
  }
  const flags = new Map<string, FlagView>();
  for (const f of await api<FlagView[]>('GET', '/flags?limit=500')) flags.set(f.id, f);
  const concerns = new Map<string, ConcernView>();
  for (const c of await api<ConcernView[]>('GET', '/concerns')) concerns.set(c.id, c);
  let beeps = 0;

  // ---- header: counts, alerts, navigation ----
  const counts = h('div', { class: 'counts', 'data-testid': 'console-counts' });
  const renderCounts = (): void => {
    const c = summary.counts;
    counts.replaceChildren(
      h('span', { 'data-testid': 'count-open-flags' }, `Open flags: ${c.flags.open}`), ' · ',
      h('span', { 'data-testid': 'count-high' }, `high ${c.flags.high}`), ', ',
      h('span', {}, `medium ${c.flags.medium}`), ', ',
      h('span', {}, `low ${c.flags.low}`), ' · ',
      h('span', { 'data-testid': 'count-concerns' }, `Open concerns: ${c.concerns}`), ' · ',
      h('span', { 'data-testid': 'count-incidents' }, `Open incidents: ${c.incidents}`),
    );
  };
  const refreshCounts = async (): Promise<void> => {
    summary = await api<Summary>('GET', '/console/summary').catch(() => summary);
    renderCounts();
  };
  const alerts = h('div', { 'data-testid': 'console-alerts' });
  const alert = (text: string): void => {
    beeps++;
    const el = h('div', { class: 'banner alert', role: 'alert', 'data-testid': 'console-alert', 'data-beeps': String(beeps) }, text, ' ', h('button', { onclick: () => el.remove() }, 'Dismiss'));
    alerts.prepend(el);
    beep();
  };

  // ---- filters ----
  const select = (testid: string, label: string, options: Array<[string, string]>): HTMLSelectElement =>
    h('select', { 'data-testid': testid, 'aria-label': label }, h('option', { value: '' }, `${label}: all`), ...options.map(([v, t]) => h('option', { value: v }, t)));
  const distinct = (pick: (f: FlagView) => [string, string]): Array<[string, string]> => [...new Map([...flags.values()].map(pick)).entries()];
  const filterBar = h('div', { class: 'filters', 'data-testid': 'console-filters' });
  const filters: Record<string, HTMLSelectElement> = {};
  const renderFilters = (): void => {
    const keep = Object.fromEntries(Object.entries(filters).map(([k, s]) => [k, s.value]));
    filters.lesson = select('filter-lesson', 'Lesson', distinct((f) => [f.lessonId, `${f.className ?? ''} ${new Date(f.at).toLocaleDateString()} (${f.lessonId.slice(0, 6)})`]));
    filters.class = select('filter-class', 'Class', distinct((f) => [f.classId, f.className ?? f.classId]));
    filters.student = select('filter-student', 'Student', summary.students.map((s) => [s.id, s.name]));
    filters.label = select('filter-label', 'Label', SAFEGUARDING_LABELS.map((l) => [l, l]));
    filters.severity = select('filter-severity', 'Severity', [['high', 'high'], ['medium', 'medium'], ['low', 'low']]);
    filters.status = select('filter-status', 'Status', [['open', 'open'], ['in_review', 'in review'], ['false_positive', 'false positive'], ['closed', 'closed']]);
    for (const [k, s] of Object.entries(filters)) {
      if (keep[k] && [...s.options].some((o) => o.value === keep[k])) s.value = keep[k];
      s.addEventListener('change', renderList);
    }
    filterBar.replaceChildren(...Object.values(filters));
  };
  const matches = (f: FlagView): boolean =>
    (!filters.lesson.value || f.lessonId === filters.lesson.value) &&
    (!filters.class.value || f.classId === filters.class.value) &&
    (!filters.student.value || f.studentId === filters.student.value) &&
    (!filters.label.value || f.label === filters.label.value) &&
    (!filters.severity.value || f.severity === filters.severity.value) &&
    (!filters.status.value || f.status === filters.status.value);

  // ---- the feed ----
  const list = h('div', { 'data-testid': 'flag-list' });
  const open = new Set<string>();
  const panels = new Map<string, HTMLElement>();
  function renderList(): void {
    const shown = [...flags.values()].filter(matches).sort((a, b) => b.at - a.at);
    list.replaceChildren(...(shown.length ? shown.map(card) : [h('p', { 'data-testid': 'no-flags' }, 'No flags match.')]));
  }
  const card = (f: FlagView): HTMLElement => {
    const panel = panels.get(f.id) ?? h('div', { 'data-testid': `flag-panel-${f.id}` });
    panels.set(f.id, panel);
    const head = h(
      'div',
      {},
      h('strong', { class: `sev-${f.severity}` }, `${f.severity.toUpperCase()} · ${f.label}`),
      ` ${f.studentName} · ${f.className ?? ''} · ${when(f.at)} (${clock(f.offsetMs)} into the lesson) · score ${f.score} · ${f.model} · ${f.action} · `,
      h('span', { 'data-testid': `flag-status-${f.id}` }, f.status.replace('_', ' ')),
      f.grade ? ` · grade ${f.grade}` : '',
      f.assigneeName ? ` · assigned to ${f.assigneeName}` : '',
      ' ',
      h('button', { 'data-testid': `flag-open-${f.id}`, onclick: () => void toggle(f.id) }, open.has(f.id) ? 'Close' : 'Open'),
    );
    const el = h('div', { class: `card flag sev-${f.severity}`, 'data-testid': `flag-card-${f.id}`, 'data-label': f.label, 'data-severity': f.severity }, head, f.text ? h('p', { class: 'evidence-text' }, `“${f.text}”`) : '', panel);
    panel.hidden = !open.has(f.id);
    return el;
  };
  const toggle = async (id: string): Promise<void> => {
    if (open.has(id)) {
      open.delete(id);
      renderList();
      return;
    }
    open.add(id);
    renderList();
    await renderPanel(id);
  };

  const renderPanel = async (id: string): Promise<void> => {
    const panel = panels.get(id)!;
    let d: FlagDetail;
    try {
      d = await api<FlagDetail>('GET', `/flags/${id}`);
    } catch (e) {
      panel.replaceChildren(h('p', { class: 'error' }, errorText(e)));
      return;
    }
    flags.set(id, d.flag);
    panel.replaceChildren(evidence(d.flag), triage(d), incidentsBox(d));
  };

  const evidence = (f: FlagView): HTMLElement => {
    const box = h('div', { class: 'evidence', 'data-testid': `evidence-${f.id}` }, h('h4', {}, 'Evidence'));
    const recordingLink = f.recordingId
      ? h('a', { href: `#/recording/${f.recordingId}?t=${Math.floor(f.offsetMs / 1000)}`, 'data-testid': `open-recording-${f.id}` }, `Open the recording at ${clock(f.offsetMs)}`)
      : h('span', { class: 'why' }, 'No recording for this lesson.');
    if (f.source === 'chat') {
      box.append(h('p', {}, `Chat message: “${f.text ?? ''}”`), recordingLink);
      return box;
    }
    if (f.label === 'sexual') {
      box.append(h('p', { class: 'banner', 'data-testid': `guidance-${f.id}` }, GUIDANCE), recordingLink);
      return box;
    }
    if (f.hasSnapshot) {
      const img = h('img', { alt: 'blurred preview', 'data-testid': `preview-${f.id}`, width: '160' });
      apiBlob('GET', `/flags/${f.id}/preview`).then((b) => {
        const u = URL.createObjectURL(b);
        objectUrls.push(u);
        img.src = u;
      }, () => img.replaceWith(h('span', { class: 'why' }, 'Preview unavailable')));
      const why = h('textarea', { rows: '2', cols: '50', 'data-testid': `justification-${f.id}`, placeholder: 'Why you need to see the unblurred image (recorded in the audit log)' });
      const out = h('div', {});
      const reveal = h('button', {
        'data-testid': `reveal-${f.id}`,
        onclick: async () => {
          try {
            const b = await apiBlob('POST', `/flags/${f.id}/snapshot`, { justification: why.value });
            const u = URL.createObjectURL(b);
            objectUrls.push(u);
            out.replaceChildren(h('img', { src: u, alt: 'snapshot', 'data-testid': `snapshot-${f.id}`, style: 'max-width: 480px' }), h('p', { class: 'why' }, 'Revealed: your justification is in the audit log. Do not copy this image.'));
          } catch (e) {
            out.replaceChildren(h('p', { class: 'error', 'data-testid': `reveal-error-${f.id}` }, errorText(e)));
          }
        },
      }, 'Reveal snapshot');
      box.append(img, h('p', {}, 'Reveal the unblurred snapshot only with a written justification.'), why, h('br'), reveal, out, recordingLink);
      return box;
    }
    box.append(h('p', { class: 'why' }, 'No snapshot was kept for this flag.'), recordingLink);
    return box;
  };

  const triage = (d: FlagDetail): HTMLElement => {
    const f = d.flag;
    const status = h('p', { class: 'why', 'data-testid': `triage-status-${f.id}` });
    const send = async (body: Record<string, unknown>): Promise<void> => {
      try {
        const r = await api<FlagDetail>('POST', `/flags/${f.id}/triage`, body);
        flags.set(f.id, r.flag);
        renderList();
        await renderPanel(f.id);
        await refreshCounts();
      } catch (e) {
        status.textContent = errorText(e);
      }
    };
    const grade = h('select', { 'data-testid': `grade-${f.id}` }, ...[1, 2, 3, 4, 5].map((g) => h('option', { value: String(g), selected: f.grade === g }, String(g))));
    const note = h('input', { 'data-testid': `note-${f.id}`, placeholder: 'Note', size: '40' });
    const fpReason = h('input', { 'data-testid': `fp-reason-${f.id}`, placeholder: 'Why it is a false positive', size: '40' });
    const assignee = h('select', { 'data-testid': `assignee-${f.id}` }, ...summary.team.map((m) => h('option', { value: m.id, selected: f.assigneeId === m.id }, m.name)));
    const action = h('select', { 'data-testid': `action-${f.id}` }, ...ACTIONS.map(([v, t]) => h('option', { value: v }, t)));
    const actionDetail = h('input', { 'data-testid': `action-detail-${f.id}`, placeholder: 'Detail (reference, who)', size: '30' });
    const statusSel = h('select', { 'data-testid': `status-${f.id}` }, ...['open', 'in_review', 'closed'].map((s) => h('option', { value: s, selected: f.status === s }, s.replace('_', ' '))));
    const history = h(
      'ol',
      { 'data-testid': `triage-history-${f.id}` },
      ...d.events.map((e) => h('li', {}, `${when(e.at)} · ${e.actorName ?? 'system'} · ${e.kind}${e.value ? ` ${ACTIONS.find(([v]) => v === e.value)?.[1] ?? e.value}` : ''}${e.text ? `: ${e.text}` : ''}`)),
    );
    return h(
      'div',
      { class: 'triage' },
      h('h4', {}, 'Triage'),
      h('div', {}, 'Grade ', grade, h('button', { 'data-testid': `grade-save-${f.id}`, onclick: () => void send({ kind: 'grade', grade: Number(grade.value) }) }, 'Save grade')),
      h('div', {}, 'Assign to ', assignee, h('button', { 'data-testid': `assign-save-${f.id}`, onclick: () => void send({ kind: 'assign', assigneeId: assignee.value }) }, 'Assign')),
      h('div', {}, action, actionDetail, h('button', { 'data-testid': `action-save-${f.id}`, onclick: () => void send({ kind: 'action', action: action.value, detail: actionDetail.value || undefined }) }, 'Record action')),
      h('div', {}, note, h('button', { 'data-testid': `note-save-${f.id}`, onclick: () => void send({ kind: 'note', text: note.value }) }, 'Add note')),
      h('div', {}, fpReason, h('button', { 'data-testid': `fp-save-${f.id}`, onclick: () => void send({ kind: 'false_positive', reason: fpReason.value }) }, 'Mark false positive')),
      h('div', {}, 'Status ', statusSel, h('button', { 'data-testid': `status-save-${f.id}`, onclick: () => void send({ kind: 'status', status: statusSel.value }) }, 'Set status')),
      status,
      h('h5', {}, 'History'),
      history,
    );
  };

  const incidentsBox = (d: FlagDetail): HTMLElement => {
    const f = d.flag;
    const title = h('input', { 'data-testid': `incident-title-${f.id}`, placeholder: 'Incident title', size: '40', value: `${f.label}: ${f.studentName}` });
    const err = h('p', { class: 'error' });
    return h(
      'div',
      {},
      h('h4', {}, 'Incidents'),
      ...d.incidents.map((i) => h('div', {}, h('a', { href: `#/incident/${i.id}` }, `${i.title} (${i.status})`))),
      h('div', {}, title, h('button', {
        'data-testid': `create-incident-${f.id}`,
        onclick: async () => {
          try {
            const inc = await api<{ id: string }>('POST', '/incidents', { title: title.value, flagIds: [f.id] });
            location.hash = `#/incident/${inc.id}`;
          } catch (e) {
            err.textContent = errorText(e);
          }
        },
      }, 'Create incident from this flag')),
      err,
    );
  };

  // ---- records of concern ----
  const concernList = h('div', { 'data-testid': 'concern-list' });
  const renderConcerns = (): void => {
    const items = [...concerns.values()].sort((a, b) => b.at - a.at);
    concernList.replaceChildren(
      ...(items.length
        ? items.map((c) =>
            h(
              'div',
              { class: 'card', 'data-testid': `concern-card-${c.id}` },
              h('strong', {}, `${c.source === 'student' ? 'Student report' : 'Record of concern'} · ${c.status}`),
              ` ${c.raisedBy.name} · ${c.className ?? ''} · ${when(c.at)}`,
              c.students.length ? ` · about ${c.students.map((s) => s.name).join(', ')}` : '',
              h('p', {}, `“${c.text}”`),
              h('button', {
                'data-testid': `concern-incident-${c.id}`,
                onclick: async () => {
                  const inc = await api<{ id: string }>('POST', '/incidents', { title: `Concern: ${c.students.map((s) => s.name).join(', ') || c.raisedBy.name}`, concernIds: [c.id] });
                  location.hash = `#/incident/${inc.id}`;
                },
              }, 'Create incident'),
            ),
          )
        : [h('p', {}, 'No records of concern.')]),
    );
  };

  // ---- audit chain ----
  const chain = h('span', { 'data-testid': 'chain-status' });
  const verify = h('button', {
    'data-testid': 'verify-chain',
    onclick: async () => {
      try {
        const v = await api<{ ok: boolean; entries?: number; firstBrokenSeq?: number; reason?: string }>('GET', '/audit/verify');
        chain.textContent = v.ok ? `Audit chain intact (${v.entries} entries).` : `AUDIT CHAIN BROKEN at entry ${v.firstBrokenSeq}: ${v.reason}`;
        chain.className = v.ok ? 'ok' : 'error';
      } catch (e) {
        chain.textContent = errorText(e);
      }
    },
  }, 'Verify audit chain');

  // ---- live feed ----
  const live = h('span', { 'data-testid': 'feed-status' }, 'connecting…');
  const addFlag = (f: FlagView, announce: boolean): void => {
    const isNew = !flags.has(f.id);
    flags.set(f.id, f);
    if (isNew && announce && f.severity === 'high') alert(`HIGH: ${f.label} — ${f.studentName} in ${f.className ?? 'a lesson'}`);
  };
  const socket = io('/safeguarding', { auth: { token: tokens()?.accessToken }, transports: ['websocket'] });
  feed = socket;
  socket.on('connect', () => (live.textContent = 'live'));
  socket.on('disconnect', () => (live.textContent = 'reconnecting…'));
  socket.on('connect_error', () => {
    live.textContent = 'reconnecting…';
    // The access token may have expired: refresh it through the API, then retry.
    void api('GET', '/me').then(() => {
      socket.auth = { token: tokens()?.accessToken };
      setTimeout(() => socket.connect(), 1000);
    }, () => undefined);
  });
  socket.on('backlog', (b: FlagView[]) => {
    for (const f of b) addFlag(f, false);
    renderFilters();
    renderList();
  });
  socket.on('flag', (f: FlagView) => {
    addFlag(f, true);
    renderFilters();
    renderList();
    void refreshCounts();
  });
  socket.on('concern', (c: ConcernView) => {
    concerns.set(c.id, c);
    renderConcerns();
    void refreshCounts();
  });
  socket.on('alert', (a: { message: string }) => alert(a.message));

  renderCounts();
  renderFilters();
  renderList();
  renderConcerns();
  mount(
    h('h2', {}, 'Safeguarding console ', live),
    h('nav', { class: 'console-nav' },
      h('a', { href: '#/observe', 'data-testid': 'nav-observe' }, 'Live lessons to observe'), ' · ',
      h('a', { href: '#/incidents', 'data-testid': 'nav-incidents' }, 'Incidents'), ' · ',
      h('a', { href: '#/audit', 'data-testid': 'nav-audit' }, 'Access log'), ' · ',
      verify, ' ', chain),
    counts,
    alerts,
    filterBar,
    h('div', { class: 'console' }, h('section', {}, h('h3', {}, 'Flags (newest first)'), list), h('section', {}, h('h3', {}, 'Records of concern'), concernList)),
  );
}

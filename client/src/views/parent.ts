/** Parent / carer: each child's contribution level (global setting) and mic/camera minutes per lesson. */
import type { ChildSummary, InboxMessageView as InboxMessage, LessonUsage } from '../../../shared/api';
import { LEVEL_DESCRIPTIONS } from '../../../shared/levels';
import { api, ApiError } from '../api';
import { h, mount } from '../dom';

export async function showParent(): Promise<void> {
  const children = await api<ChildSummary[]>('GET', '/parent/children');
  const [cards, inbox] = await Promise.all([Promise.all(children.map(childCard)), inboxSection()]);
  mount(inbox, h('h2', {}, 'Your children'), ...cards);
}

/** Messages from the school: lesson summaries and notices from the safeguarding team. */
async function inboxSection(): Promise<HTMLElement> {
  const messages = await api<InboxMessage[]>('GET', '/parent/inbox');
  const item = (m: InboxMessage): HTMLElement => {
    const el = h(
      'div',
      { class: `card ${m.read ? '' : 'unread'}`, 'data-testid': `inbox-${m.kind}`, 'data-message': m.id },
      h('strong', {}, m.kind === 'notice' ? `${m.notice!.subject}` : `Lesson summary for ${m.child.name}`),
      ` · ${new Date(m.at).toLocaleString()}${m.read ? '' : ' · new'}`,
      h('p', { style: 'white-space: pre-wrap' }, m.kind === 'notice' ? m.notice!.body : m.summary!.text),
      m.kind === 'notice' ? h('p', { class: 'why' }, `From the ${m.notice!.from}, about ${m.child.name}.`) : '',
    );
    if (!m.read) void api('POST', `/parent/inbox/${m.id}/read`).catch(() => undefined);
    return el;
  };
  const notices = messages.filter((m) => m.kind === 'notice');
  const summaries = messages.filter((m) => m.kind === 'lesson_summary');
  return h(
    'section',
    { 'data-testid': 'inbox' },
    h('h2', {}, 'Messages'),
    ...(notices.length ? notices.map(item) : []),
    h('h3', {}, 'After each lesson'),
    ...(summaries.length ? summaries.slice(0, 20).map(item) : [h('p', {}, 'No lesson summaries yet.')]),
  );
}

async function childCard(child: ChildSummary): Promise<HTMLElement> {
  const status = h('p', { class: 'why', 'data-testid': `level-status-${child.id}` });
  const radios = ([1, 2, 3] as const).map((lvl) => {
    const input = h('input', { type: 'radio', name: `level-${child.id}`, value: String(lvl), checked: child.level === lvl, 'data-testid': `level-${child.id}-${lvl}` });
    input.addEventListener('change', async () => {
      try {
        await api('PUT', `/parent/children/${child.id}/level`, { level: lvl });
        status.textContent = `Saved: level ${lvl}. This applies at once, including in a live lesson.`;
      } catch (e) {
        status.textContent = e instanceof ApiError ? e.message : 'Could not save';
      }
    });
    return h('label', {}, input, ` Level ${lvl}: ${LEVEL_DESCRIPTIONS[lvl]}`, h('br'));
  });
  const usage = await api<LessonUsage[]>('GET', `/parent/children/${child.id}/lessons`);
  const table = h(
    'table',
    { 'data-testid': `usage-${child.id}` },
    h('tr', {}, h('th', {}, 'Lesson'), h('th', {}, 'When'), h('th', {}, 'Microphone (min)'), h('th', {}, 'Camera (min)'), h('th', {}, 'Chat messages')),
    ...usage.map((u) =>
      h('tr', {}, h('td', {}, `${u.className}: ${u.title}`), h('td', {}, new Date(u.startedAt).toLocaleString()), h('td', {}, String(u.minutes.mic)), h('td', {}, String(u.minutes.camera)), h('td', {}, String(u.chatMessages))),
    ),
  );
  return h(
    'section',
    { class: 'card' },
    h('h3', {}, child.name),
    h('p', {}, child.levelIsDefault ? 'No level chosen yet: the default, level 3, applies.' : `Level ${child.level} chosen.`),
    ...radios,
    status,
    h('h4', {}, 'Lessons'),
    usage.length ? table : h('p', {}, 'No lessons yet.'),
  );
}

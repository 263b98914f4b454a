/** Teachers and students: their classes and live lessons. The safeguarding team: live lessons to observe. */
import { api, ApiError } from '../api';
import { h, mount } from '../dom';

interface ClassItem {
  id: string;
  name: string;
  liveLessonId: string | null;
}

export async function showHome(role: string, openLesson: (lessonId: string) => void): Promise<void> {
  if (role === 'dsl') {
    const live = await api<Array<{ id: string; title: string; className: string }>>('GET', '/lessons/live');
    mount(
      h('p', {}, h('a', { href: '#/console', 'data-testid': 'nav-console' }, '← Safeguarding console')),
      h('h2', {}, 'Live lessons'),
      h('p', {}, 'You join as a silent observer.'),
      ...live.map((l) => h('div', { class: 'card' }, `${l.className}: ${l.title} `, h('button', { onclick: () => openLesson(l.id), 'data-testid': `observe-${l.id}` }, 'Observe'))),
    );
    return;
  }
  if (role !== 'teacher' && role !== 'student') {
    mount(h('p', {}, 'Nothing to show for your role yet.'));
    return;
  }
  const classes = await api<ClassItem[]>('GET', '/classes');
  const error = h('p', { class: 'error' });
  mount(
    h('h2', {}, 'Your classes'),
    error,
    ...classes.map((c) => {
      const buttons: HTMLElement[] = [];
      if (c.liveLessonId) buttons.push(h('button', { onclick: () => openLesson(c.liveLessonId!), 'data-testid': `join-${c.id}` }, 'Join live lesson'));
      else if (role === 'teacher') {
        buttons.push(
          h('button', {
            'data-testid': `start-${c.id}`,
            onclick: async () => {
              try {
                const l = await api<{ id: string }>('POST', '/lessons', { classId: c.id });
                openLesson(l.id);
              } catch (e) {
                error.textContent = e instanceof ApiError ? e.message : 'Could not start the lesson';
              }
            },
          }, 'Start lesson'),
        );
      } else buttons.push(h('span', { class: 'why' }, 'No live lesson right now.'));
      return h('div', { class: 'card' }, h('strong', {}, c.name), ' ', ...buttons);
    }),
    role === 'teacher' ? await concernForm(classes) : h('span'),
  );
}

/** A teacher records a concern after a lesson (or about anything they saw): it goes to the safeguarding team. */
async function concernForm(classes: ClassItem[]): Promise<HTMLElement> {
  const rosters = await Promise.all(classes.map((c) => api<Array<{ id: string; name: string }>>('GET', `/classes/${c.id}/roster`).catch(() => [])));
  const students = [...new Map(rosters.flat().map((s) => [s.id, s])).values()];
  const picks = students.map((s) => h('label', {}, h('input', { type: 'checkbox', value: s.id, 'data-testid': `home-concern-about-${s.id}` }), ` ${s.name} `));
  const text = h('textarea', { rows: '3', cols: '60', maxlength: '4000', 'data-testid': 'home-concern-text', placeholder: 'What did you see or hear, when, and what did you do?' });
  const status = h('p', { class: 'why', 'data-testid': 'home-concern-status' });
  return h(
    'section',
    { class: 'card' },
    h('h3', {}, 'Record a concern'),
    h('p', { class: 'why' }, 'Send a record of concern to the safeguarding team as soon as possible. Only they (and you) can read it.'),
    h('div', {}, 'About: ', ...picks),
    text,
    h('br'),
    h('button', {
      'data-testid': 'home-concern-send',
      onclick: async () => {
        try {
          const studentIds = picks.map((l) => l.querySelector('input')!).filter((i) => i.checked).map((i) => i.value);
          await api('POST', '/concerns', { text: text.value, studentIds });
          text.value = '';
          status.textContent = 'Sent to the safeguarding team.';
        } catch (e) {
          status.textContent = e instanceof ApiError ? e.message : 'Not sent';
        }
      },
    }, 'Send to the safeguarding team'),
    status,
  );
}

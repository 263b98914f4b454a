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
  );
}

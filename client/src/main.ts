/** Browser entry: sign in, then the view for the user's role. */
import { api, saveTokens, tokens } from './api';
import { showHome } from './views/home';
import { showLesson } from './views/lesson';
import { showLogin } from './views/login';
import { showParent } from './views/parent';
import { showPlayer } from './views/player';
import { showAudit } from './views/audit';
import { showConsole } from './views/console';
import { showIncident, showIncidents } from './views/incident';
import { showOutbox } from './views/outbox';

interface Me {
  id: string;
  name: string;
  role: string;
}

async function route(): Promise<void> {
  const who = document.getElementById('whoami')!;
  const signout = document.getElementById('signout') as HTMLButtonElement;
  if (!tokens()) {
    who.textContent = '';
    signout.hidden = true;
    showLogin(() => void route());
    return;
  }
  let me: Me;
  try {
    me = await api<Me>('GET', '/me');
  } catch {
    saveTokens(null);
    return route();
  }
  who.textContent = `${me.name} (${me.role})`;
  signout.hidden = false;
  signout.onclick = async () => {
    await api('POST', '/auth/logout').catch(() => undefined);
    saveTokens(null);
    location.hash = '';
    void route();
  };
  const recordingMatch = /^#\/recording\/([\w-]+)(?:\?t=(\d+(?:\.\d+)?))?$/.exec(location.hash);
  if (recordingMatch) {
    await showPlayer(recordingMatch[1], Number(recordingMatch[2] ?? 0), () => {
      location.hash = '';
    });
    return;
  }
  const lessonMatch = /^#\/lesson\/([\w-]+)$/.exec(location.hash);
  if (lessonMatch) {
    await showLesson(lessonMatch[1], () => {
      location.hash = '';
    });
    return;
  }
  // The safeguarding console and its pages: the server refuses them to everyone but the DSL.
  if (location.hash === '#/console') return showConsole();
  if (location.hash === '#/incidents') return showIncidents();
  const incidentMatch = /^#\/incident\/([\w-]+)$/.exec(location.hash);
  if (incidentMatch) return showIncident(incidentMatch[1]);
  if (location.hash === '#/audit') return showAudit();
  if (me.role === 'parent') return showParent();
  if (me.role === 'admin') return showOutbox();
  // The DSL's default page is the console; the live lessons to observe stay one link away.
  if (me.role === 'dsl' && location.hash !== '#/observe') return showConsole();
  return showHome(me.role, (id) => {
    location.hash = `#/lesson/${id}`;
  });
}

window.addEventListener('hashchange', () => void route());
void route();

/** The admin's outbox: parent emails (held when SMTP is not configured, or failed). Reading it is audited. */
import { api } from '../api';
import { h, mount } from '../dom';
import { errorText, when } from './console';

interface Entry {
  id: string;
  to: string;
  subject: string;
  text: string;
  status: string;
  lastError: string | null;
  createdAt: number;
}

export async function showOutbox(): Promise<void> {
  try {
    const rows = await api<Entry[]>('GET', '/admin/outbox');
    mount(
      h('h2', {}, 'Email outbox'),
      h('p', {}, 'Emails to parents and carers. Without SMTP configured (SMTP_URL) they are held here to pass on.'),
      h('table', { 'data-testid': 'outbox' },
        h('tr', {}, h('th', {}, 'When'), h('th', {}, 'To'), h('th', {}, 'Subject'), h('th', {}, 'Text'), h('th', {}, 'Status')),
        ...rows.map((r) => h('tr', {}, h('td', {}, when(r.createdAt)), h('td', {}, r.to), h('td', {}, r.subject), h('td', { style: 'white-space: pre-wrap' }, r.text), h('td', {}, r.lastError ? `${r.status}: ${r.lastError}` : r.status))),
      ),
    );
  } catch (e) {
    mount(h('p', { class: 'error' }, errorText(e)));
  }
}

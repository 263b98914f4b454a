/** Access log for the safeguarding team: who viewed which recording, snapshot, flag, concern and incident, and when; chain verification. */
import type { AccessEntry } from '../../../shared/api';
import { api, ApiError } from '../api';
import { h, mount } from '../dom';
import { errorText, when } from './console';


export async function showAudit(): Promise<void> {
  const type = h('select', { 'data-testid': 'audit-type' }, ...['', 'recording', 'flag', 'incident', 'concern'].map((t) => h('option', { value: t }, t || 'everything')));
  const table = h('table', { 'data-testid': 'access-log' });
  const chain = h('span', { 'data-testid': 'chain-status' });
  const load = async (): Promise<void> => {
    try {
      const rows = await api<AccessEntry[]>('GET', `/console/access-log${type.value ? `?targetType=${type.value}` : ''}`);
      table.replaceChildren(
        h('tr', {}, h('th', {}, '#'), h('th', {}, 'When'), h('th', {}, 'Who'), h('th', {}, 'What'), h('th', {}, 'Which'), h('th', {}, 'Justification')),
        ...rows.map((r) => h('tr', { 'data-testid': `access-${r.action}` }, h('td', {}, String(r.seq)), h('td', {}, when(r.at)), h('td', {}, `${r.actorName} (${r.actorRole ?? ''})`), h('td', {}, r.action), h('td', {}, `${r.targetType} ${r.targetId}`), h('td', {}, r.justification ?? ''))),
      );
    } catch (e) {
      mount(h('p', { class: 'error', 'data-testid': 'console-refused' }, e instanceof ApiError && e.status === 403 ? 'The access log is only for the safeguarding team.' : errorText(e)));
      throw e;
    }
  };
  type.addEventListener('change', () => void load().catch(() => undefined));
  try {
    await load();
  } catch {
    return;
  }
  mount(
    h('p', {}, h('a', { href: '#/console' }, '← Console')),
    h('h2', {}, 'Access log'),
    h('p', {}, 'Every view of a recording, evidence, concern or incident, and every refusal.'),
    h('div', {}, type, ' ', h('button', {
      'data-testid': 'verify-chain',
      onclick: async () => {
        const v = await api<{ ok: boolean; entries?: number; firstBrokenSeq?: number; reason?: string }>('GET', '/audit/verify');
        chain.textContent = v.ok ? `Audit chain intact (${v.entries} entries).` : `AUDIT CHAIN BROKEN at entry ${v.firstBrokenSeq}: ${v.reason}`;
      },
    }, 'Verify audit chain'), ' ', chain),
    table,
  );
}

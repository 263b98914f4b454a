/**
 * Incidents (safeguarding team): the list, and one incident with its status, linked flags,
 * concerns, students and staff, chronology, notes and actions, notices to parents (the DSL writes
 * exactly what the parent sees) and the report (printable page or PDF; never an image).
 */
import { api, apiBlob, ApiError } from '../api';
import { h, mount } from '../dom';
import { ACTIONS, errorText, when } from './console';

interface IncidentSummary {
  id: string;
  title: string;
  status: string;
  createdAt: number;
  updatedAt: number;
  createdBy: string;
  counts: { flags: number; concerns: number; students: number };
}
interface IncidentDetail extends IncidentSummary {
  summary: string;
  flags: Array<{ id: string; label: string; severity: string; studentName: string; at: number; recordingId?: string; offsetMs: number; status: string }>;
  concerns: Array<{ id: string; text: string; raisedBy: { name: string }; at: number }>;
  students: Array<{ id: string; name: string; guardians: Array<{ id: string; name: string }> }>;
  staff: Array<{ id: string; name: string; role: string }>;
  chronology: Array<{ at: number; actor: string | null; text: string; source: string }>;
  notices: Array<{ at: number; to: string[]; child: string; subject: string; body: string }>;
}
interface Summary {
  staff: Array<{ id: string; name: string; role: string }>;
  students: Array<{ id: string; name: string }>;
}

const refused = (e: unknown): void =>
  mount(h('p', { class: 'error', 'data-testid': 'console-refused' }, e instanceof ApiError && e.status === 403 ? 'Incidents are only for the safeguarding team.' : errorText(e)));

export async function showIncidents(): Promise<void> {
  let list: IncidentSummary[];
  try {
    list = await api<IncidentSummary[]>('GET', '/incidents');
  } catch (e) {
    return refused(e);
  }
  const title = h('input', { 'data-testid': 'new-incident-title', placeholder: 'Title', size: '40' });
  const err = h('p', { class: 'error' });
  mount(
    h('p', {}, h('a', { href: '#/console' }, '← Console')),
    h('h2', {}, 'Incidents'),
    h('div', {}, title, h('button', {
      'data-testid': 'new-incident',
      onclick: async () => {
        try {
          const i = await api<{ id: string }>('POST', '/incidents', { title: title.value });
          location.hash = `#/incident/${i.id}`;
        } catch (e) {
          err.textContent = errorText(e);
        }
      },
    }, 'New incident'), err),
    h('table', { 'data-testid': 'incident-list' },
      h('tr', {}, h('th', {}, 'Title'), h('th', {}, 'Status'), h('th', {}, 'Flags'), h('th', {}, 'Concerns'), h('th', {}, 'Updated')),
      ...list.map((i) => h('tr', {}, h('td', {}, h('a', { href: `#/incident/${i.id}` }, i.title)), h('td', {}, i.status), h('td', {}, String(i.counts.flags)), h('td', {}, String(i.counts.concerns)), h('td', {}, when(i.updatedAt)))),
    ),
  );
}

export async function showIncident(id: string): Promise<void> {
  let inc: IncidentDetail;
  let summary: Summary;
  try {
    [inc, summary] = await Promise.all([api<IncidentDetail>('GET', `/incidents/${id}`), api<Summary>('GET', '/console/summary')]);
  } catch (e) {
    return refused(e);
  }
  const status = h('p', { class: 'why', 'data-testid': 'incident-status-line' });
  const render = (d: IncidentDetail): void => {
    inc = d;
    const post = async (path: string, body: unknown): Promise<void> => {
      try {
        render(await api<IncidentDetail>('POST', `/incidents/${id}${path}`, body));
        status.textContent = 'Saved.';
      } catch (e) {
        status.textContent = errorText(e);
      }
    };
    // notes, actions, status
    const note = h('textarea', { rows: '2', cols: '60', 'data-testid': 'incident-note' });
    const action = h('select', { 'data-testid': 'incident-action' }, ...ACTIONS.map(([v, t]) => h('option', { value: v }, t)));
    const actionDetail = h('input', { 'data-testid': 'incident-action-detail', placeholder: 'Detail (reference, who)', size: '30' });
    const newStatus = h('select', { 'data-testid': 'incident-status' }, ...['open', 'monitoring', 'referred', 'closed'].map((s) => h('option', { value: s, selected: s === d.status }, s)));
    const statusReason = h('input', { 'data-testid': 'incident-status-reason', placeholder: 'Reason', size: '30' });
    // links
    const linkStudent = h('select', { 'data-testid': 'link-student' }, ...summary.students.map((s) => h('option', { value: s.id }, s.name)));
    const linkStaff = h('select', { 'data-testid': 'link-staff' }, ...summary.staff.map((s) => h('option', { value: s.id }, `${s.name} (${s.role})`)));
    // notice to parents
    const child = h('select', { 'data-testid': 'notice-child' }, ...d.students.map((s) => h('option', { value: s.id }, `${s.name} (to ${s.guardians.map((g) => g.name).join(', ') || 'no parent on record'})`)));
    const subject = h('input', { 'data-testid': 'notice-subject', placeholder: 'Subject', size: '50' });
    const body = h('textarea', { rows: '5', cols: '60', 'data-testid': 'notice-body', placeholder: 'Exactly what the parent or carer will read' });
    const report = (format: 'html' | 'pdf') =>
      h('button', {
        'data-testid': `report-${format}`,
        onclick: async () => {
          try {
            const blob = await apiBlob('GET', `/incidents/${id}/report.${format}`);
            const url = URL.createObjectURL(blob);
            if (format === 'pdf') {
              const a = h('a', { href: url, download: `incident-${id}.pdf` });
              a.click();
            } else window.open(url, '_blank', 'noopener');
            status.textContent = `Report exported (${format}); the export is in the audit log.`;
          } catch (e) {
            status.textContent = errorText(e);
          }
        },
      }, format === 'pdf' ? 'Download PDF report' : 'Printable report');
    mount(
      h('p', {}, h('a', { href: '#/console' }, '← Console'), ' · ', h('a', { href: '#/incidents' }, 'All incidents')),
      h('h2', { 'data-testid': 'incident-title' }, d.title),
      h('p', {}, `Status: `, h('strong', { 'data-testid': 'incident-status-value' }, d.status), ` · opened ${when(d.createdAt)} by ${d.createdBy}`),
      d.summary ? h('p', {}, d.summary) : h('span'),
      status,
      h('div', {}, report('html'), ' ', report('pdf')),
      h('h3', {}, 'Flags'),
      h('ul', { 'data-testid': 'incident-flags' }, ...d.flags.map((f) => h('li', {}, `${f.severity} ${f.label} · ${f.studentName} · ${when(f.at)} · ${f.status} `, f.recordingId ? h('a', { href: `#/recording/${f.recordingId}?t=${Math.floor(f.offsetMs / 1000)}` }, 'recording') : ''))),
      h('h3', {}, 'Records of concern'),
      h('ul', {}, ...d.concerns.map((c) => h('li', {}, `${when(c.at)} · ${c.raisedBy.name}: “${c.text}”`))),
      h('h3', {}, 'Students'),
      h('ul', { 'data-testid': 'incident-students' }, ...d.students.map((s) => h('li', {}, s.name))),
      h('div', {}, linkStudent, h('button', { 'data-testid': 'link-student-save', onclick: () => void post('/links', { kind: 'student', id: linkStudent.value }) }, 'Link student')),
      h('h3', {}, 'Staff'),
      h('ul', {}, ...d.staff.map((s) => h('li', {}, `${s.name} (${s.role})`))),
      h('div', {}, linkStaff, h('button', { 'data-testid': 'link-staff-save', onclick: () => void post('/links', { kind: 'staff', id: linkStaff.value }) }, 'Link staff')),
      h('h3', {}, 'Record'),
      h('div', {}, note, h('br'), h('button', { 'data-testid': 'incident-note-save', onclick: () => void post('/events', { kind: 'note', text: note.value }) }, 'Add note')),
      h('div', {}, action, actionDetail, h('button', { 'data-testid': 'incident-action-save', onclick: () => void post('/events', { kind: 'action', action: action.value, detail: actionDetail.value || undefined }) }, 'Record action')),
      h('div', {}, newStatus, statusReason, h('button', { 'data-testid': 'incident-status-save', onclick: () => void post('/events', { kind: 'status', status: newStatus.value, reason: statusReason.value || undefined }) }, 'Set status')),
      h('h3', {}, 'Notice to parents and carers'),
      h('p', { class: 'why' }, 'The parent sees exactly the subject and text you write here, and nothing else about the incident or other children. Their email only says there is a message.'),
      d.students.length
        ? h('div', {}, child, h('br'), subject, h('br'), body, h('br'), h('button', { 'data-testid': 'notice-send', onclick: () => void post('/notices', { studentId: child.value, subject: subject.value, body: body.value }) }, 'Send notice'))
        : h('p', {}, 'Link a student first.'),
      h('ul', { 'data-testid': 'incident-notices' }, ...d.notices.map((n) => h('li', {}, `${when(n.at)} to ${n.to.join(', ')} about ${n.child}: “${n.subject}”`))),
      h('h3', {}, 'Chronology'),
      h('ol', { 'data-testid': 'incident-chronology' }, ...d.chronology.map((c) => h('li', {}, `${when(c.at)} · ${c.actor ?? 'system'} · ${c.text}`))),
    );
  };
  render(inc);
}

/**
 * The incident report, printable HTML and PDF, from one model: the incident, linked students and
 * staff, evidence described in words (never an image: no <img>, no data URL, no snapshot bytes),
 * the chronology, notices sent to parents, and the audit trail with the chain's verification.
 */
import type { IncidentReportModel } from './incidents';
import { textPdf, type PdfBlock } from './pdf';

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const when = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');

export function renderIncidentHtml(m: IncidentReportModel): string {
  const i = m.incident;
  const row = (cells: string[]): string => `<tr>${cells.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`;
  const head = (cells: string[]): string => `<tr>${cells.map((c) => `<th>${esc(c)}</th>`).join('')}</tr>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${esc(`Incident report: ${i.title}`)}</title>
<style>
body{font:11pt/1.4 system-ui,sans-serif;margin:2em;color:#111}
table{border-collapse:collapse;width:100%;margin:.5em 0 1.5em}
td,th{border:1px solid #999;padding:.25em .4em;vertical-align:top;text-align:left;font-size:10pt}
h1{font-size:16pt}h2{font-size:13pt;margin-top:1.5em}
.meta{color:#444}
@media print{body{margin:0}}
</style></head><body>
<p class="meta">${esc(m.schoolName)} · CONFIDENTIAL: safeguarding record · generated ${esc(when(m.generatedAt))} by ${esc(m.generatedBy)}</p>
<h1>${esc(i.title)}</h1>
<table>
${row(['Incident', i.id])}
${row(['Status', i.status])}
${row(['Opened', `${when(i.createdAt)} by ${i.createdBy}`])}
${i.closedAt ? row(['Closed', when(i.closedAt)]) : ''}
${row(['Summary', i.summary || '-'])}
</table>
<h2>Students</h2>
<table>${head(['Student', 'Parents / carers'])}${i.students.map((s) => row([s.name, s.guardians.map((g) => g.name).join(', ') || '-'])).join('')}</table>
<h2>Staff</h2>
<table>${head(['Name', 'Role'])}${i.staff.map((s) => row([s.name, s.role])).join('') || row(['-', '-'])}</table>
<h2>Flags and evidence</h2>
<table>${head(['When', 'Student', 'Label', 'Severity', 'Model / score', 'Status', 'Evidence'])}${i.flags
    .map((f) => row([when(f.at), f.studentName, f.label, f.severity, `${f.model} / ${f.score}`, `${f.status}${f.grade ? `, grade ${f.grade}` : ''}`, m.evidence.find((e) => e.flagId === f.id)?.description ?? '']))
    .join('')}</table>
<h2>Records of concern</h2>
<table>${head(['When', 'Raised by', 'About', 'Concern', 'Status'])}${i.concerns.map((c) => row([when(c.at), `${c.raisedBy.name} (${c.source})`, c.students.map((s) => s.name).join(', '), c.text, c.status])).join('')}</table>
<h2>Chronology</h2>
<table data-section="chronology">${head(['When', 'Who', 'What'])}${i.chronology.map((c) => row([when(c.at), c.actor ?? '', c.text])).join('')}</table>
<h2>Notices sent to parents and carers</h2>
<table>${head(['When', 'To', 'About', 'Subject', 'Text'])}${i.notices.map((n) => row([when(n.at), n.to.join(', '), n.child, n.subject, n.body])).join('')}</table>
<h2>Audit trail</h2>
<p>${esc(m.auditChain.ok ? `Audit chain verified: ${m.auditChain.entries} entries, head ${m.auditChain.headHash ?? ''}` : `AUDIT CHAIN BROKEN at entry ${m.auditChain.firstBrokenSeq}: ${m.auditChain.reason}`)}</p>
<table data-section="audit">${head(['#', 'When', 'Who', 'Action', 'Target', 'Detail'])}${m.auditTrail.map((a) => row([String(a.seq), when(a.at), a.actor, a.action, a.target, a.detail])).join('')}</table>
</body></html>
`;
}

export function renderIncidentPdf(m: IncidentReportModel): Buffer {
  const i = m.incident;
  const b: PdfBlock[] = [];
  const h = (text: string): void => void b.push({ text, size: 13, bold: true, before: 10 });
  const p = (text: string, indent = 0): void => void b.push({ text, indent });
  b.push({ text: `${m.schoolName} - CONFIDENTIAL: safeguarding record`, size: 9 });
  b.push({ text: `Generated ${when(m.generatedAt)} by ${m.generatedBy}`, size: 9 });
  b.push({ text: i.title, size: 16, bold: true, before: 8 });
  p(`Incident ${i.id} - status ${i.status} - opened ${when(i.createdAt)} by ${i.createdBy}${i.closedAt ? ` - closed ${when(i.closedAt)}` : ''}`);
  if (i.summary) p(`Summary: ${i.summary}`);
  h('Students');
  for (const s of i.students) p(`${s.name} (parents / carers: ${s.guardians.map((g) => g.name).join(', ') || '-'})`, 10);
  h('Staff');
  for (const s of i.staff) p(`${s.name} (${s.role})`, 10);
  if (!i.staff.length) p('-', 10);
  h('Flags and evidence');
  for (const f of i.flags) {
    p(`${when(f.at)} - ${f.studentName} - ${f.label} (${f.severity}), ${f.model}, score ${f.score}, status ${f.status}${f.grade ? `, grade ${f.grade}` : ''}`, 10);
    p(m.evidence.find((e) => e.flagId === f.id)?.description ?? '', 24);
  }
  h('Records of concern');
  for (const c of i.concerns) p(`${when(c.at)} - ${c.raisedBy.name} (${c.source}) about ${c.students.map((s) => s.name).join(', ') || '-'}: ${c.text} [${c.status}]`, 10);
  h('Chronology');
  for (const c of i.chronology) p(`${when(c.at)} - ${c.actor ?? ''}: ${c.text}`, 10);
  h('Notices sent to parents and carers');
  for (const n of i.notices) p(`${when(n.at)} to ${n.to.join(', ')} about ${n.child}: "${n.subject}" - ${n.body}`, 10);
  if (!i.notices.length) p('-', 10);
  h('Audit trail');
  p(m.auditChain.ok ? `Audit chain verified: ${m.auditChain.entries} entries, head ${m.auditChain.headHash ?? ''}` : `AUDIT CHAIN BROKEN at entry ${m.auditChain.firstBrokenSeq}: ${m.auditChain.reason}`);
  for (const a of m.auditTrail) b.push({ text: `#${a.seq} ${when(a.at)} ${a.actor} ${a.action} ${a.target} ${a.detail}`, size: 8, indent: 10 });
  return textPdf(b, `Incident report: ${i.title}`);
}

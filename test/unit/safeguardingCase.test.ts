/** Casework rules, the text-only PDF writer, sealed text, and the minimal SMTP client (against a fake server). */
import { createServer, type Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { flagStatusAfter, incidentStatusAfterAction, incidentStatusChange, isSafeguardingTeam, orderChronology } from '../../server/domain/safeguardingCase';
import { summariseLesson } from '../../server/domain/lessonSummary';
import { textPdf } from '../../server/safeguarding/pdf';
import { SmtpTransport } from '../../server/parents/smtp';
import { Sealer } from '../../server/store/sealed';
import { KeyRing, StaticKekProvider } from '../../server/recording/keys';

test('only the safeguarding team uses the console', () => {
  expect(['student', 'parent', 'teacher', 'admin', 'dsl'].filter((r) => isSafeguardingTeam(r as never))).toEqual(['dsl']);
});

test('triage moves open flags into review; false positive and explicit status win', () => {
  expect(flagStatusAfter('open', { kind: 'grade' })).toBe('in_review');
  expect(flagStatusAfter('closed', { kind: 'note' })).toBe('closed');
  expect(flagStatusAfter('in_review', { kind: 'false_positive' })).toBe('false_positive');
  expect(flagStatusAfter('false_positive', { kind: 'status', status: 'open' })).toBe('open');
});

test('incident status: closing and reopening need a reason; referrals mark it referred', () => {
  expect(incidentStatusChange('open', 'closed', undefined).ok).toBe(false);
  expect(incidentStatusChange('open', 'closed', 'resolved with family').ok).toBe(true);
  expect(incidentStatusChange('closed', 'open', '').ok).toBe(false);
  expect(incidentStatusChange('open', 'open', 'x').ok).toBe(false);
  expect(incidentStatusAfterAction('open', 'referred_ceop')).toBe('referred');
  expect(incidentStatusAfterAction('open', 'pastoral_support')).toBe('open');
  expect(incidentStatusAfterAction('closed', 'referred_police')).toBe('closed');
});

test('chronology is oldest first and stable for equal times', () => {
  expect(orderChronology([{ at: 3, n: 'c' }, { at: 1, n: 'a' }, { at: 3, n: 'd' }, { at: 2, n: 'b' }]).map((e) => e.n)).toEqual(['a', 'b', 'c', 'd']);
});

test('lesson summary: presence merges rejoins; minutes from producer spans', () => {
  const s = summariseLesson({
    childName: 'Cal',
    lessonTitle: 'Science',
    className: 'Y9',
    startedAt: 0,
    endedAt: 600_000,
    presence: [{ joinedAt: 0, leftAt: 120_000 }, { joinedAt: 60_000, leftAt: 180_000 }, { joinedAt: 300_000, leftAt: null }],
    producers: [{ source: 'mic', startedAt: 0, endedAt: 60_000 }, { source: 'camera', startedAt: 0, endedAt: null }],
    chatMessages: 2,
  });
  expect(s.presentMinutes).toBe(8);
  expect(s.minutes).toEqual({ mic: 1, camera: 10, share: 0 });
});

test('the PDF writer writes valid-looking text-only PDFs across pages', () => {
  const pdf = textPdf(Array.from({ length: 200 }, (_, i) => ({ text: `Line ${i} (with parens) and a back\\slash — “quotes” ${'word '.repeat(30)}` })), 'Report');
  const s = pdf.toString('latin1');
  expect(s.startsWith('%PDF-1.4')).toBe(true);
  expect(s.trimEnd().endsWith('%%EOF')).toBe(true);
  expect(Number(/\/Count (\d+)/.exec(s)![1])).toBeGreaterThan(3);
  expect(s).toMatch(/\\\(with parens\\\)/);
  expect(s).not.toMatch(/\/Image|\/XObject/);
  const startxref = Number(/startxref\n(\d+)/.exec(s)![1]);
  expect(s.slice(startxref, startxref + 4)).toBe('xref');
});

test('sealed text opens only in its own context', () => {
  const sealer = new Sealer(new KeyRing(new StaticKekProvider(randomBytes(32))));
  const sealed = sealer.seal('Cal disclosed something', 'case_events:1');
  expect(sealed).not.toMatch(/Cal/);
  expect(sealer.open(sealed, 'case_events:1')).toBe('Cal disclosed something');
  expect(() => sealer.open(sealed, 'case_events:2')).toThrow();
});

test('the SMTP client speaks to a server: EHLO, AUTH PLAIN, MAIL, RCPT, dot-stuffed DATA, QUIT', async () => {
  const lines: string[] = [];
  const server = createServer((sock: Socket) => {
    let inData = false;
    let buf = '';
    sock.write('220 fake ESMTP\r\n');
    sock.on('data', (d) => {
      buf += d.toString();
      let i: number;
      while ((i = buf.indexOf('\r\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 2);
        lines.push(line);
        if (inData) {
          if (line === '.') {
            inData = false;
            sock.write('250 queued\r\n');
          }
          continue;
        }
        if (line.startsWith('EHLO')) sock.write('250-fake\r\n250 AUTH PLAIN\r\n');
        else if (line.startsWith('AUTH PLAIN')) sock.write('235 ok\r\n');
        else if (line.startsWith('MAIL') || line.startsWith('RCPT')) sock.write('250 ok\r\n');
        else if (line === 'DATA') {
          inData = true;
          sock.write('354 go\r\n');
        } else if (line === 'QUIT') sock.end('221 bye\r\n');
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const smtp = new SmtpTransport(new URL(`smtp://user:pa%40ss@127.0.0.1:${port}`), 'School <school@example.org>');
  await smtp.send({ to: 'parent@example.org', subject: 'Hello\r\nBcc: evil@example.org', text: 'line one\n.starts with a dot' });
  server.close();
  expect(lines).toContain('MAIL FROM:<school@example.org>');
  expect(lines).toContain('From: School <school@example.org>');
  expect(lines).toContain('RCPT TO:<parent@example.org>');
  expect(lines).toContain(`AUTH PLAIN ${Buffer.from('\0user\0pa@ss').toString('base64')}`);
  expect(lines).toContain('Subject: Hello Bcc: evil@example.org');
  expect(lines).not.toContain('Bcc: evil@example.org');
  expect(lines).toContain('..starts with a dot');
  expect(lines[lines.length - 1]).toBe('QUIT');
});

/**
 * A minimal SMTP client (RFC 5321) for parent emails: `smtp://[user:pass@]host[:port]` (plain, for a
 * local relay) or `smtps://...` (implicit TLS, port 465). AUTH PLAIN when credentials are given.
 * One connection per message; the outbox retries nothing by itself and records failures.
 */
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
}

export interface MailTransport {
  send(mail: OutgoingMail): Promise<void>;
}

const CRLF = '\r\n';
const oneLine = (s: string): string => s.replace(/[\r\n]+/g, ' ').trim();

export class SmtpTransport implements MailTransport {
  constructor(
    private readonly url: URL,
    private readonly from: string,
    private readonly timeoutMs = 15_000,
  ) {
    if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new Error('SMTP_URL must be smtp:// or smtps://');
  }

  async send(mail: OutgoingMail): Promise<void> {
    const secure = this.url.protocol === 'smtps:';
    const host = this.url.hostname;
    const port = Number(this.url.port || (secure ? 465 : 25));
    const socket: Socket = secure ? tlsConnect({ host, port, servername: host }) : netConnect({ host, port });
    socket.setTimeout(this.timeoutMs, () => socket.destroy(new Error('SMTP timeout')));
    const session = new SmtpSession(socket);
    try {
      await session.expect(220);
      await session.command('EHLO chaperone.local', 250);
      if (this.url.username) {
        const auth = Buffer.from(`\0${decodeURIComponent(this.url.username)}\0${decodeURIComponent(this.url.password)}`).toString('base64');
        await session.command(`AUTH PLAIN ${auth}`, 235);
      }
      await session.command(`MAIL FROM:<${oneLine(/<([^>]+)>/.exec(this.from)?.[1] ?? this.from)}>`, 250);
      await session.command(`RCPT TO:<${oneLine(mail.to)}>`, 250, 251);
      await session.command('DATA', 354);
      const headers = [
        `From: ${oneLine(this.from)}`,
        `To: ${oneLine(mail.to)}`,
        `Subject: ${oneLine(mail.subject)}`,
        `Date: ${new Date().toUTCString()}`,
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: 8bit',
      ];
      // Dot-stuffing: a line starting with "." gets another.
      const body = mail.text.replace(/\r?\n/g, CRLF).split(CRLF).map((l) => (l.startsWith('.') ? `.${l}` : l)).join(CRLF);
      await session.command(`${headers.join(CRLF)}${CRLF}${CRLF}${body}${CRLF}.`, 250);
      await session.command('QUIT', 221).catch(() => undefined);
    } finally {
      socket.end();
      socket.destroy();
    }
  }
}

/** Reads SMTP replies (multi-line "250-..." up to "250 ...") and sends commands. */
class SmtpSession {
  private buffer = '';
  private waiting: ((reply: { code: number; text: string } | Error) => void) | null = null;
  private readonly replies: Array<{ code: number; text: string }> = [];
  private failure: Error | null = null;

  constructor(private readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      let i: number;
      while ((i = this.buffer.indexOf('\n')) >= 0) {
        const line = this.buffer.slice(0, i).replace(/\r$/, '');
        this.buffer = this.buffer.slice(i + 1);
        if (/^\d{3} /.test(line) || /^\d{3}$/.test(line)) this.push({ code: Number(line.slice(0, 3)), text: line.slice(4) });
      }
    });
    const fail = (err: Error): void => {
      this.failure = err;
      const w = this.waiting;
      this.waiting = null;
      w?.(err);
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('SMTP connection closed')));
  }

  private push(reply: { code: number; text: string }): void {
    const w = this.waiting;
    if (w) {
      this.waiting = null;
      w(reply);
    } else this.replies.push(reply);
  }

  private next(): Promise<{ code: number; text: string }> {
    const queued = this.replies.shift();
    if (queued) return Promise.resolve(queued);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting = (r) => (r instanceof Error ? reject(r) : resolve(r));
    });
  }

  async expect(...codes: number[]): Promise<void> {
    const r = await this.next();
    if (!codes.includes(r.code)) throw new Error(`SMTP: expected ${codes.join('/')}, got ${r.code} ${r.text}`);
  }

  async command(line: string, ...codes: number[]): Promise<void> {
    this.socket.write(line + CRLF);
    await this.expect(...codes);
  }
}

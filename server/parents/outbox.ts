/**
 * Email to parents. Each message goes into the outbox (its content sealed); with SMTP configured
 * (SMTP_URL) it is sent at once and marked sent or failed; without, it stays held for the admin to
 * read and pass on. Emails never carry a safeguarding notice's content: they say there is a message
 * and the parent reads it behind sign-in.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../../shared/errors';
import type { AuditLog } from '../audit/auditLog';
import type { Principal } from '../auth/tokens';
import { Logger } from '../logger';
import type { Db } from '../store/db';
import type { Sealer } from '../store/sealed';
import type { MailTransport, OutgoingMail } from './smtp';

export interface OutboxEntry {
  id: string;
  to: string;
  subject: string;
  text: string;
  status: 'held' | 'sending' | 'sent' | 'failed';
  attempts: number;
  lastError: string | null;
  createdAt: number;
  sentAt: number | null;
}

interface Row {
  id: string;
  to_address: string;
  sealed: string;
  status: OutboxEntry['status'];
  attempts: number;
  last_error: string | null;
  created_at: number;
  sent_at: number | null;
}

export class Outbox {
  private readonly log = new Logger('[outbox]');
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly db: Db,
    private readonly sealer: Sealer,
    private readonly transport: MailTransport | null,
    private readonly audit: AuditLog,
  ) {}

  get sending(): boolean {
    return this.transport !== null;
  }

  queue(schoolId: string, messageId: string | null, mail: OutgoingMail): string {
    const id = randomUUID();
    const sealed = this.sealer.sealJson({ subject: mail.subject, text: mail.text }, `outbox:${id}`);
    this.db.run('INSERT INTO outbox (id, school_id, message_id, to_address, sealed, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [
      id,
      schoolId,
      messageId,
      mail.to,
      sealed,
      this.transport ? 'sending' : 'held',
      Date.now(),
    ]);
    if (this.transport) {
      const p = this.deliver(id, mail).finally(() => this.inFlight.delete(p));
      this.inFlight.add(p);
    }
    return id;
  }

  private async deliver(id: string, mail: OutgoingMail): Promise<void> {
    try {
      await this.transport!.send(mail);
      this.db.run("UPDATE outbox SET status = 'sent', attempts = attempts + 1, sent_at = ?, last_error = NULL WHERE id = ?", [Date.now(), id]);
    } catch (err) {
      const message = err instanceof Error ? err.message.slice(0, 300) : 'send failed';
      this.log.warn('email not sent; kept in the outbox', { outboxId: id, error: message });
      try {
        this.db.run("UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = ? WHERE id = ?", [message, id]);
      } catch {
        // the database closed under us (shutdown): the row stays 'sending' and the admin sees it
      }
    }
  }

  /** Resolves when every send under way has finished (shutdown, tests). */
  async idle(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  /** The admin reads the outbox of their school; audited. */
  list(principal: Principal, limit = 200): OutboxEntry[] {
    if (principal.role !== 'admin') throw new AppError('FORBIDDEN', 'only the school admin reads the outbox');
    this.audit.append({ actorId: principal.userId, actorRole: principal.role, action: 'outbox.viewed', targetType: 'school', targetId: principal.schoolId });
    return this.db
      .all<Row>('SELECT * FROM outbox WHERE school_id = ? ORDER BY created_at DESC LIMIT ?', [principal.schoolId, Math.min(500, limit)])
      .map((r) => {
        const m = this.sealer.openJson<{ subject: string; text: string }>(r.sealed, `outbox:${r.id}`);
        return { id: r.id, to: r.to_address, subject: m.subject, text: m.text, status: r.status, attempts: r.attempts, lastError: r.last_error, createdAt: r.created_at, sentAt: r.sent_at };
      });
  }
}

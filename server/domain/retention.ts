/**
 * When a recording's retention has run out (pure; DESIGN.md section 4).
 * Expiry is counted from the end of the recording. Anything the safeguarding team may still need
 * (an active quarantine, a legal hold such as a police request, an open incident) suspends expiry
 * until the DSL releases it; expiry then resumes from the original date, it does not restart.
 */

export const DAY_MS = 24 * 60 * 60 * 1000;

export interface RetentionFacts {
  /** When the recording ended (epoch ms); null while still recording or never closed. */
  endedAt: number | null;
  /** The school's retention period in days (0 = expire as soon as it ends). */
  retentionDays: number;
  legalHold: boolean;
  activeQuarantine: boolean;
  openIncident: boolean;
}

/** The moment a recording that ended at `endedAt` expires (epoch ms). */
export function expiresAt(endedAt: number, retentionDays: number): number {
  if (!Number.isFinite(endedAt)) throw new RangeError('endedAt must be a finite epoch-ms time');
  if (!Number.isInteger(retentionDays) || retentionDays < 0) throw new RangeError('retentionDays must be a non-negative integer');
  return endedAt + retentionDays * DAY_MS;
}

/** True when the recording should be crypto-shredded now. Never while held, quarantined or under an open incident. */
export function isExpired(f: RetentionFacts, now: number): boolean {
  if (f.legalHold || f.activeQuarantine || f.openIncident) return false;
  // A recording without an end time has not finished (or its end is not yet established after a crash).
  if (f.endedAt === null) return false;
  return now >= expiresAt(f.endedAt, f.retentionDays);
}

/**
 * What happens at once for each safeguarding label (DESIGN.md section 5), with per-school
 * overrides. Pure: the services ask it; nothing else decides.
 */
import { z } from 'zod';
import type { Severity } from '../../shared/taxonomy';
import { CHAT_LABELS, type ChatLabel } from '../../shared/taxonomy';

/**
 * Default handling per chat label. `hold` means the class never receives the message; `alert` means
 * the teacher and DSL are notified at once. Every flag is logged and visible to the teacher.
 */
export interface ChatAction {
  readonly severity: Severity;
  readonly hold: boolean;
  readonly alert: boolean;
}

export const DEFAULT_CHAT_ACTIONS: Readonly<Record<ChatLabel, ChatAction>> = {
  sexual: { severity: 'high', hold: true, alert: true },
  grooming: { severity: 'high', hold: true, alert: true },
  // Support, not punishment: the DSL is alerted at once. The message is still
  // held so classmates are not exposed to suicide/self-injury content (and the
  // child is not exposed to replies); the sender is told it went to a trusted adult.
  self_harm: { severity: 'high', hold: true, alert: true },
  // DESIGN.md: "high: alert" (no containment) for both; a DSL can still act at once.
  violence: { severity: 'high', hold: false, alert: true },
  extremism: { severity: 'high', hold: false, alert: true },
  hate: { severity: 'medium', hold: true, alert: true },
  // Alert but deliver: DESIGN.md lists "medium: alert" without containment.
  bullying: { severity: 'medium', hold: false, alert: true },
  pii: { severity: 'medium', hold: true, alert: true },
  // Log only; the teacher sees it in the flag list.
  profanity: { severity: 'low', hold: false, alert: false },
};

export type FrameLabel = 'sexual' | 'person_visible' | 'camera_in_share';

export interface FrameAction {
  severity: Severity;
  /** Pause the producer for everyone. */
  contain: boolean;
  /** Alert the DSL at once (otherwise the teacher is told and the flag is logged). */
  alert: boolean;
  /** Quarantine the recording around the moment (evidence without copies). */
  quarantine: boolean;
  /** Keep an encrypted snapshot and blurred preview (never for sexual content). */
  snapshot: boolean;
}

export const DEFAULT_FRAME_ACTIONS: Readonly<Record<FrameLabel, FrameAction>> = {
  sexual: { severity: 'high', contain: true, alert: true, quarantine: true, snapshot: false },
  person_visible: { severity: 'low', contain: false, alert: false, quarantine: false, snapshot: true },
  camera_in_share: { severity: 'medium', contain: true, alert: true, quarantine: false, snapshot: true },
};

const SeveritySchema = z.enum(['low', 'medium', 'high']);
const ChatActionSchema = z.object({ severity: SeveritySchema, hold: z.boolean(), alert: z.boolean() }).strict();

/** A school's overrides, stored as JSON on the school. */
export const SchoolPolicySchema = z
  .object({
    chat: z.record(z.enum(CHAT_LABELS), ChatActionSchema).optional(),
  })
  .strict();
export type SchoolPolicy = z.infer<typeof SchoolPolicySchema>;

export function chatAction(label: ChatLabel, policy: SchoolPolicy | null): ChatAction {
  return policy?.chat?.[label] ?? DEFAULT_CHAT_ACTIONS[label];
}

/** What the sender sees when their message is held: support for self-harm, not a reprimand. */
export function heldNotice(label: ChatLabel): string {
  if (label === 'self_harm') return "Your message has gone to a member of staff who can help. You're not in trouble, and you can talk to a trusted adult at any time.";
  if (label === 'pii') return 'Your message was not sent: it looks like it shares personal details. A member of staff will review it.';
  return 'Your message is held for review by staff and was not sent to the class.';
}

/** The recording range to quarantine around a visual flag at `offsetMs`. */
export function quarantineRange(offsetMs: number): { fromMs: number; toMs: number } {
  return { fromMs: Math.max(0, offsetMs - 30_000), toMs: offsetMs + 60_000 };
}

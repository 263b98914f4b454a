/**
 * What happens at once for each safeguarding label (DESIGN.md section 5), with per-school
 * overrides. Pure: the services ask it; nothing else decides.
 */
import { z } from 'zod';
import type { Severity } from '../../shared/taxonomy';
import { CHAT_LABELS, type ChatLabel } from '../../shared/taxonomy';
import { DEFAULT_CHAT_ACTIONS, type ChatAction } from '../safeguarding/chat/actions';

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

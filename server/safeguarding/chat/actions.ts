/**
 * Default handling per chat label (DESIGN.md section 5). `hold` means the class
 * never receives the message; `alert` means the teacher and DSL are notified at
 * once. Every flag is logged and visible to the teacher regardless.
 */
import type { ChatLabel, Severity } from '../../../shared/taxonomy';

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

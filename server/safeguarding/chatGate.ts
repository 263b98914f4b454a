/**
 * The chat gate: every message is classified before delivery; the school's policy decides whether
 * it is held, and a flag (with the text as encrypted evidence) goes to the DSL and the teacher.
 */
import type { ChatLabel } from '../../shared/taxonomy';
import { chatAction, heldNotice, type SchoolPolicy } from '../domain/safeguardingPolicy';
import type { ChatGate, ChatReview } from '../lessons/liveLesson';
import { Logger } from '../logger';
import { classifyChatMessage } from './chat';
import type { FlagService, LiveLessonLookup } from './flagService';

export class SafeguardingChatGate implements ChatGate {
  private readonly log = new Logger('[chat-gate]');

  constructor(
    private readonly flags: () => FlagService,
    private readonly lessons: () => LiveLessonLookup,
    private readonly policyOf: (schoolId: string) => SchoolPolicy | null,
  ) {
    // Compile the classifier's paths now, so the first message of the day is as fast as the rest.
    for (const text of ['warming up the classifier', 'my number is 07700 900123', "you're so ugly"]) classifyChatMessage(text);
  }

  review(input: ChatReview): { deliver: boolean; notice?: string } {
    const verdict = classifyChatMessage(input.text);
    if (!verdict.flagged || !verdict.label) return { deliver: true };
    const label: ChatLabel = verdict.label;
    const lesson = this.lessons().liveLesson(input.lessonId);
    if (!lesson) return { deliver: false, notice: 'The lesson has ended.' };
    const action = chatAction(label, this.policyOf(lesson.schoolId));
    const score = verdict.labels.find((l) => l.label === label)?.score ?? 1;
    try {
      this.flags().raiseChat({ lesson, messageId: input.messageId, userId: input.userId, text: input.text, offsetMs: input.offsetMs, label, score, severity: action.severity, held: action.hold, alert: action.alert });
    } catch (err) {
      // If the flag cannot be stored, err on the side of the child: do not deliver.
      this.log.error('could not raise chat flag; holding the message', { error: err });
      return { deliver: false, notice: heldNotice(label) };
    }
    return action.hold ? { deliver: false, notice: heldNotice(label) } : { deliver: true };
  }
}

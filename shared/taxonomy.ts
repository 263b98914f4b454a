/**
 * Safeguarding taxonomy (DESIGN.md section 5): the labels used in code, evals and the UI.
 */
import { z } from 'zod';

export const CHAT_LABELS = [
  'sexual',
  'grooming',
  'self_harm',
  'violence',
  'extremism',
  'hate',
  'bullying',
  'pii',
  'profanity',
] as const;

export const FRAME_LABELS = ['sexual', 'person_visible', 'camera_in_share'] as const;

export const SAFEGUARDING_LABELS = [...CHAT_LABELS, 'person_visible', 'camera_in_share'] as const;

export const ChatLabelSchema = z.enum(CHAT_LABELS);
export type ChatLabel = z.infer<typeof ChatLabelSchema>;
export const SafeguardingLabelSchema = z.enum(SAFEGUARDING_LABELS);
export type SafeguardingLabel = z.infer<typeof SafeguardingLabelSchema>;

export const SEVERITIES = ['low', 'medium', 'high'] as const;
export type Severity = (typeof SEVERITIES)[number];

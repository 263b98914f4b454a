/**
 * Which decoded frames to classify (pure). About one frame a second normally; when a frame looks
 * suspicious, every frame for a short burst, so the k-of-n smoothing confirms (or clears) within
 * about a second instead of k seconds.
 */
export interface SamplingState {
  lastClassifiedAt: number;
  burstUntil: number;
}

export interface SamplingParams {
  baseIntervalMs: number;
  burstIntervalMs: number;
  burstMs: number;
}

export const DEFAULT_SAMPLING: SamplingParams = { baseIntervalMs: 1000, burstIntervalMs: 150, burstMs: 4000 };

export const initialSampling = (): SamplingState => ({ lastClassifiedAt: -Infinity, burstUntil: -Infinity });

export function shouldClassify(s: SamplingState, now: number, p: SamplingParams = DEFAULT_SAMPLING): boolean {
  const interval = now < s.burstUntil ? p.burstIntervalMs : p.baseIntervalMs;
  return now - s.lastClassifiedAt >= interval;
}

export function classified(s: SamplingState, now: number, suspicious: boolean, p: SamplingParams = DEFAULT_SAMPLING): SamplingState {
  return { lastClassifiedAt: now, burstUntil: suspicious ? now + p.burstMs : s.burstUntil };
}

/** A frame is suspicious when any per-frame rule would count it. */
export function isSuspicious(scores: { sexual: number; faces: number }, ctx: { source: 'camera' | 'share'; cameraAllowed: boolean }, sexualFrameThreshold: number): boolean {
  if (scores.sexual >= sexualFrameThreshold * 0.8) return true;
  if (ctx.source === 'camera') return scores.faces >= 2;
  return !ctx.cameraAllowed && scores.faces >= 1;
}

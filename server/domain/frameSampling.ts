/**
 * Which decoded frames to classify (pure). About one frame a second normally; at once when the
 * picture changes (the JPEG size jumps: a cheap scene-change signal); and when a frame looks
 * suspicious, every frame for a short burst, so the k-of-n smoothing confirms (or clears) within
 * about a second instead of k seconds.
 */
export interface SamplingState {
  lastClassifiedAt: number;
  burstUntil: number;
  /** Byte size of the last classified JPEG. */
  lastSize: number;
}

export interface SamplingParams {
  baseIntervalMs: number;
  burstIntervalMs: number;
  burstMs: number;
  /** Relative JPEG size change that counts as a new scene. */
  sceneChange: number;
}

export const DEFAULT_SAMPLING: SamplingParams = { baseIntervalMs: 1000, burstIntervalMs: 150, burstMs: 4000, sceneChange: 0.2 };

export const initialSampling = (): SamplingState => ({ lastClassifiedAt: -Infinity, burstUntil: -Infinity, lastSize: 0 });

export function shouldClassify(s: SamplingState, now: number, size: number, p: SamplingParams = DEFAULT_SAMPLING): boolean {
  const since = now - s.lastClassifiedAt;
  if (since < p.burstIntervalMs) return false;
  if (now < s.burstUntil) return true;
  if (s.lastSize > 0 && Math.abs(size - s.lastSize) / s.lastSize > p.sceneChange) return true;
  return since >= p.baseIntervalMs;
}

export function classified(s: SamplingState, now: number, size: number, suspicious: boolean, p: SamplingParams = DEFAULT_SAMPLING): SamplingState {
  return { lastClassifiedAt: now, burstUntil: suspicious ? now + p.burstMs : s.burstUntil, lastSize: size };
}

/** A frame is suspicious when any per-frame rule would count it. */
export function isSuspicious(scores: { sexual: number; faces: number }, ctx: { source: 'camera' | 'share'; cameraAllowed: boolean }, sexualFrameThreshold: number): boolean {
  if (scores.sexual >= sexualFrameThreshold * 0.8) return true;
  if (ctx.source === 'camera') return scores.faces >= 2;
  return !ctx.cameraAllowed && scores.faces >= 1;
}

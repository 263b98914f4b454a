/**
 * Frame flag policy (pure: no I/O, no clock; time comes with each observation).
 *
 * Single frames are noisy (nsfwjs MobileNetV2 gives Porn 0.45-0.50 to ordinary clothed group photos,
 * BlazeFace sometimes finds a face in a poster), so a flag needs agreement over consecutive frames of
 * the same producer:
 * - `sexual` (any camera or share): at least k of the last n frames score >= frameThreshold AND the
 *   exponential moving average of the score (weight emaAlpha on the newest frame) >= smoothedThreshold.
 * - `person_visible` (a student's camera): >= minFaces faces in k of the last n frames.
 * - `camera_in_share` (the share of a student whose level forbids camera): >= minFaces faces in k of
 *   the last n frames.
 * After a flag the same (producer, label) stays quiet for cooldownMs; a gap of more than
 * windowResetMs between frames (producer paused, sampler restarted) starts the window afresh.
 */

export type FrameFlagLabel = 'sexual' | 'person_visible' | 'camera_in_share';

export interface FrameObservation {
  producerId: string;
  /** 'camera' or 'share' (screen share). */
  source: 'camera' | 'share';
  /** The producer belongs to a student (person_visible / camera_in_share only apply to students). */
  isStudent: boolean;
  /** The student's level allows a camera (camera_in_share applies when it does not). */
  cameraAllowed: boolean;
  /** Milliseconds, any monotonic origin. */
  at: number;
  sexual: number;
  faces: number;
}

export interface FrameSmoothingParams {
  sexual: { frameThreshold: number; emaAlpha: number; smoothedThreshold: number; k: number; n: number };
  personVisible: { minFaces: number; k: number; n: number };
  cameraInShare: { minFaces: number; k: number; n: number };
  cooldownMs: number;
  /** Default 10 000 ms. */
  windowResetMs?: number;
}

export interface FrameFlagDecision {
  label: FrameFlagLabel;
  producerId: string;
  at: number;
  /** sexual: the smoothed score; faces: the share of the window's frames that met the rule. */
  score: number;
  /** How many of the window's frames met the per-frame rule, and the window length. */
  hits: number;
  window: number;
  /** Faces in the newest frame (for the evidence snapshot). */
  faces: number;
}

export interface ProducerFrameState {
  lastAt: number;
  ema: number | null;
  /** Newest last. */
  recent: { sexual: number; faces: number }[];
  lastFlagAt: Partial<Record<FrameFlagLabel, number>>;
}

export function emptyProducerState(): ProducerFrameState {
  return { lastAt: Number.NEGATIVE_INFINITY, ema: null, recent: [], lastFlagAt: {} };
}

const windowSize = (p: FrameSmoothingParams): number => Math.max(p.sexual.n, p.personVisible.n, p.cameraInShare.n);

function countLast<T>(items: T[], n: number, pred: (t: T) => boolean): { hits: number; window: number } {
  const tail = items.slice(-n);
  return { hits: tail.filter(pred).length, window: tail.length };
}

/** One step of the policy for one producer: returns the new state and the flags to raise now. */
export function stepFrameState(
  prev: ProducerFrameState,
  obs: FrameObservation,
  p: FrameSmoothingParams,
): { state: ProducerFrameState; flags: FrameFlagDecision[] } {
  const resetMs = p.windowResetMs ?? 10_000;
  const stale = obs.at - prev.lastAt > resetMs;
  const sexual = Number.isFinite(obs.sexual) ? Math.min(1, Math.max(0, obs.sexual)) : 0;
  const faces = Number.isFinite(obs.faces) ? Math.max(0, Math.floor(obs.faces)) : 0;
  const base = stale ? { ema: null, recent: [] as ProducerFrameState['recent'] } : prev;
  const ema = base.ema === null ? sexual : p.sexual.emaAlpha * sexual + (1 - p.sexual.emaAlpha) * base.ema;
  const recent = [...base.recent, { sexual, faces }].slice(-windowSize(p));
  const lastFlagAt = { ...prev.lastFlagAt };
  const flags: FrameFlagDecision[] = [];

  const maybeFlag = (label: FrameFlagLabel, hits: number, window: number, k: number, score: number, extra = true): void => {
    if (!extra || hits < k) return;
    const last = lastFlagAt[label];
    if (last !== undefined && obs.at - last < p.cooldownMs) return;
    lastFlagAt[label] = obs.at;
    flags.push({ label, producerId: obs.producerId, at: obs.at, score, hits, window, faces });
  };

  const sx = countLast(recent, p.sexual.n, (r) => r.sexual >= p.sexual.frameThreshold);
  maybeFlag('sexual', sx.hits, sx.window, p.sexual.k, ema, ema >= p.sexual.smoothedThreshold);

  if (obs.isStudent && obs.source === 'camera') {
    const pv = countLast(recent, p.personVisible.n, (r) => r.faces >= p.personVisible.minFaces);
    maybeFlag('person_visible', pv.hits, pv.window, p.personVisible.k, pv.hits / p.personVisible.n);
  }
  if (obs.isStudent && obs.source === 'share' && !obs.cameraAllowed) {
    const cs = countLast(recent, p.cameraInShare.n, (r) => r.faces >= p.cameraInShare.minFaces);
    maybeFlag('camera_in_share', cs.hits, cs.window, p.cameraInShare.k, cs.hits / p.cameraInShare.n);
  }

  return { state: { lastAt: obs.at, ema, recent, lastFlagAt }, flags };
}

/** Holds the per-producer states; still pure apart from that memory. */
export class FrameSmoother {
  private readonly states = new Map<string, ProducerFrameState>();

  constructor(private readonly params: FrameSmoothingParams) {}

  observe(obs: FrameObservation): FrameFlagDecision[] {
    const { state, flags } = stepFrameState(this.states.get(obs.producerId) ?? emptyProducerState(), obs, this.params);
    this.states.set(obs.producerId, state);
    return flags;
  }

  /** The smoothed sexual score of a producer (null before its first frame). */
  smoothedSexual(producerId: string): number | null {
    return this.states.get(producerId)?.ema ?? null;
  }

  forget(producerId: string): void {
    this.states.delete(producerId);
  }
}

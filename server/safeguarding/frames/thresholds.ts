/**
 * Loads and validates models/frames/thresholds.json: the calibrated frame thresholds and smoothing
 * parameters (see models/frames/README.md for how they were chosen).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const kOfN = z
  .object({ k: z.number().int().min(1), n: z.number().int().min(1).max(100) })
  .refine((v) => v.k <= v.n, { message: 'k must be <= n' });

export const FrameThresholdsSchema = z.object({
  version: z.number().int(),
  models: z.object({ sexual: z.string(), faces: z.string() }),
  sexual: z
    .object({
      /** Weight of each nsfwjs class probability in the frame's sexual score. */
      weights: z.record(z.enum(['Drawing', 'Hentai', 'Neutral', 'Porn', 'Sexy']), z.number().min(0).max(1)),
      /** A frame at or above this counts as "over" for the k-of-n rule. */
      frameThreshold: z.number().gt(0).max(1),
      /** EMA weight of the newest frame. */
      emaAlpha: z.number().gt(0).max(1),
      /** The EMA must also reach this. */
      smoothedThreshold: z.number().gt(0).max(1),
    })
    .and(kOfN),
  faces: z.object({
    minConfidence: z.number().gt(0).lt(1),
    iouThreshold: z.number().gt(0).lt(1),
    maxFaces: z.number().int().min(1).max(100),
  }),
  personVisible: z.object({ minFaces: z.number().int().min(2) }).and(kOfN),
  cameraInShare: z.object({ minFaces: z.number().int().min(1) }).and(kOfN),
  /** After a flag, the same (producer, label) does not flag again for this long. */
  cooldownMs: z.number().int().min(0),
  /** A gap this long between two frames of a producer starts its window afresh. */
  windowResetMs: z.number().int().min(1000),
});

export type FrameThresholds = z.infer<typeof FrameThresholdsSchema>;

export const DEFAULT_THRESHOLDS_PATH = join(__dirname, '..', '..', '..', 'models', 'frames', 'thresholds.json');

const cache = new Map<string, FrameThresholds>();

export function parseFrameThresholds(json: unknown): FrameThresholds {
  return FrameThresholdsSchema.parse(json);
}

export function loadFrameThresholds(path: string = DEFAULT_THRESHOLDS_PATH): FrameThresholds {
  const hit = cache.get(path);
  if (hit) return hit;
  const parsed = parseFrameThresholds(JSON.parse(readFileSync(path, 'utf8')));
  cache.set(path, parsed);
  return parsed;
}

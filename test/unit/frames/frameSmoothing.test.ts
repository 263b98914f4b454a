import { FrameSmoother, stepFrameState, emptyProducerState, type FrameObservation } from '../../../server/domain/frameSmoothing';
import { loadFrameThresholds, parseFrameThresholds } from '../../../server/safeguarding/frames/thresholds';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const params = loadFrameThresholds();

const cam = (at: number, sexual: number, faces: number, over: Partial<FrameObservation> = {}): FrameObservation => ({
  producerId: 'cam1',
  source: 'camera',
  isStudent: true,
  cameraAllowed: true,
  at,
  sexual,
  faces,
  ...over,
});

describe('thresholds.json', () => {
  it('loads and validates', () => {
    expect(params.faces.minConfidence).toBeGreaterThanOrEqual(0.5);
    expect(params.sexual.weights.Sexy ?? 0).toBe(0);
    expect(params.sexual.k).toBeLessThanOrEqual(params.sexual.n);
  });
  it('rejects k > n and out-of-range thresholds', () => {
    const raw = JSON.parse(readFileSync(join(__dirname, '../../../models/frames/thresholds.json'), 'utf8'));
    expect(() => parseFrameThresholds({ ...raw, personVisible: { minFaces: 2, k: 6, n: 5 } })).toThrow();
    expect(() => parseFrameThresholds({ ...raw, faces: { ...raw.faces, minConfidence: 1.5 } })).toThrow();
    expect(() => parseFrameThresholds({ ...raw, cooldownMs: undefined })).toThrow();
  });
});

describe('sexual', () => {
  it('one high frame alone does not flag', () => {
    const s = new FrameSmoother(params);
    expect(s.observe(cam(0, 0.1, 1))).toEqual([]);
    expect(s.observe(cam(1000, 0.99, 1))).toEqual([]);
    expect(s.observe(cam(2000, 0.1, 1))).toEqual([]);
    expect(s.observe(cam(3000, 0.1, 1))).toEqual([]);
  });

  it('the clothed-group-photo level (0.45-0.5 every frame) never flags', () => {
    const s = new FrameSmoother(params);
    for (let i = 0; i < 60; i++) expect(s.observe(cam(i * 1000, i % 2 ? 0.5 : 0.45, 1))).toEqual([]);
  });

  it('k of n consecutive high frames flag once, then a cooldown', () => {
    const s = new FrameSmoother(params);
    const flags = [];
    for (let i = 0; i < 10; i++) flags.push(...s.observe(cam(i * 1000, 0.97, 1)).filter((f) => f.label === 'sexual'));
    expect(flags).toHaveLength(1);
    expect(flags[0].at).toBe((params.sexual.k - 1) * 1000);
    expect(flags[0].score).toBeGreaterThanOrEqual(params.sexual.smoothedThreshold);
    // after the cooldown it flags again if it persists
    const again: number[] = [];
    for (let t = 10_000; t <= params.cooldownMs + 12_000; t += 1000) {
      if (s.observe(cam(t, 0.97, 1)).some((f) => f.label === 'sexual')) again.push(t);
    }
    expect(again).toEqual([flags[0].at + params.cooldownMs]);
  });

  it('applies to shares and to teachers too', () => {
    const s = new FrameSmoother(params);
    const out = [];
    for (let i = 0; i < 5; i++) out.push(...s.observe(cam(i * 1000, 0.99, 0, { source: 'share', isStudent: false })));
    expect(out.map((f) => f.label)).toEqual(['sexual']);
  });

  it('a long gap restarts the window', () => {
    const s = new FrameSmoother(params);
    const out = [];
    out.push(...s.observe(cam(0, 0.99, 0)));
    out.push(...s.observe(cam(1000, 0.99, 0)));
    out.push(...s.observe(cam(1000 + params.windowResetMs + 1, 0.99, 0)));
    expect(out).toEqual([]);
  });
});

describe('person_visible', () => {
  it('needs >= 2 faces in k of the last n frames of a student camera', () => {
    const s = new FrameSmoother(params);
    const seq = [1, 2, 1, 2, 1, 2, 2, 2];
    const flagged = seq.map((f, i) => s.observe(cam(i * 1000, 0.01, f)).map((x) => x.label));
    const first = flagged.findIndex((l) => l.includes('person_visible'));
    // window of n ending at `first` has k frames with 2 faces
    const win = seq.slice(Math.max(0, first - params.personVisible.n + 1), first + 1);
    expect(win.filter((f) => f >= 2).length).toBeGreaterThanOrEqual(params.personVisible.k);
    expect(flagged.flat().filter((l) => l === 'person_visible')).toHaveLength(1);
  });

  it('a single second face for one frame does not flag', () => {
    const s = new FrameSmoother(params);
    const labels = [1, 1, 2, 1, 1, 1, 1].flatMap((f, i) => s.observe(cam(i * 1000, 0, f)).map((x) => x.label));
    expect(labels).toEqual([]);
  });

  it('not for teachers or shares', () => {
    const s = new FrameSmoother(params);
    const labels = [];
    for (let i = 0; i < 6; i++) labels.push(...s.observe(cam(i * 1000, 0, 3, { isStudent: false })).map((x) => x.label));
    for (let i = 0; i < 6; i++) labels.push(...s.observe(cam(i * 1000, 0, 3, { producerId: 'share', source: 'share' })).map((x) => x.label));
    expect(labels).toEqual([]);
  });
});

describe('camera_in_share', () => {
  it('a face in the share of a student without camera permission flags', () => {
    const s = new FrameSmoother(params);
    const labels = [];
    for (let i = 0; i < 4; i++) labels.push(...s.observe(cam(i * 1000, 0, 1, { source: 'share', cameraAllowed: false })).map((x) => x.label));
    expect(labels).toEqual(['camera_in_share']);
  });

  it('not when the level allows camera, nor on the camera itself', () => {
    const s = new FrameSmoother(params);
    const labels = [];
    for (let i = 0; i < 4; i++) labels.push(...s.observe(cam(i * 1000, 0, 1, { source: 'share', cameraAllowed: true })).map((x) => x.label));
    for (let i = 0; i < 4; i++) labels.push(...s.observe(cam(i * 1000, 0, 1, { producerId: 'c2', cameraAllowed: false })).map((x) => x.label));
    expect(labels).toEqual([]);
  });
});

describe('stepFrameState', () => {
  it('is pure: the previous state is not mutated', () => {
    const prev = emptyProducerState();
    const snapshot = JSON.stringify(prev);
    stepFrameState(prev, cam(0, 0.9, 2), params);
    expect(JSON.stringify(prev)).toBe(snapshot);
  });
  it('clamps junk scores', () => {
    const { state } = stepFrameState(emptyProducerState(), cam(0, Number.NaN, -3), params);
    expect(state.ema).toBe(0);
    expect(state.recent[0].faces).toBe(0);
  });
  it('producers are independent', () => {
    const s = new FrameSmoother(params);
    const labels = [];
    for (let i = 0; i < 6; i++) {
      labels.push(...s.observe(cam(i * 1000, 0.99, 0, { producerId: i % 2 ? 'a' : 'b' })).map((x) => x.label));
    }
    // each producer saw 3 high frames: k=3 → each flags once
    expect(labels.filter((l) => l === 'sexual').length).toBe(params.sexual.k <= 3 ? 2 : 0);
  });
});

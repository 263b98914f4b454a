/**
 * @jest-environment ./test/integration/frames/onnxEnvironment.js
 *
 * The real frame models (nsfwjs MobileNetV2 + BlazeFace from @vladmandic/human), on real photos shipped
 * in @vladmandic/human/assets, in-process and through the worker pool. Never explicit material: the
 * sexual path is exercised with the real model and a test threshold.
 */
import sharp from 'sharp';
import { loadFrameModels, initTf, letterboxForFaces, type FrameModels } from '../../../server/safeguarding/frames/models';
import { foldLayersModel } from '../../../server/safeguarding/frames/foldedLayers';
import { FrameClassifierPool, isFrameDropped } from '../../../server/safeguarding/frames/classifierPool';
import { FrameSmoother } from '../../../server/domain/frameSmoothing';
import { PHOTO_REGIONS, regionFrame, benchFrames } from '../../../bench/lib/images';

const region = (name: string) => PHOTO_REGIONS.find((r) => r.name === name)!;
const frameOf = (name: string) => regionFrame(region(name), { fit: 'contain' });

let models: FrameModels;

beforeAll(async () => {
  models = await loadFrameModels();
}, 60000);

afterAll(() => models?.dispose());

describe('frame models (in-process)', () => {
  it('picks the fastest backend present: onnx here (tfjs-node is not installed)', () => {
    expect(['tensorflow', 'onnx', 'wasm-simd', 'wasm']).toContain(models.backend);
    // The converted models are committed under models/frames; tfjs-node would come first if installed.
    let tfjsNode = false;
    try {
      require.resolve('@tensorflow/tfjs-node');
      tfjsNode = true;
    } catch {
      /* not installed */
    }
    expect(models.backend).toBe(tfjsNode ? 'tensorflow' : 'onnx');
  });

  it('the BlazeFace letterbox is byte for byte sharp fit contain', async () => {
    for (const [w, h] of [[640, 360], [640, 480], [360, 640], [641, 359], [101, 300], [256, 256]]) {
      const jpeg = await regionFrame(region('table-group-5'), { width: w, height: h });
      const { data } = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
      const mine = await letterboxForFaces(data, w, h, 256);
      const ref = await sharp(data, { raw: { width: w, height: h, channels: 3 } })
        .resize(256, 256, { fit: 'contain', position: 'centre', background: { r: 0, g: 0, b: 0 }, kernel: 'linear' })
        .raw()
        .toBuffer();
      expect(mine.equals(ref)).toBe(true);
    }
  });

  it('a group photo of five people has >= 2 faces (BlazeFace finds all five)', async () => {
    const r = await models.classifyJpeg(await frameOf('table-group-5'));
    expect(r.faces).toBeGreaterThanOrEqual(2);
    expect(r.faces).toBe(5);
    for (const b of r.faceBoxes) {
      expect(b.score).toBeGreaterThanOrEqual(models.thresholds.faces.minConfidence);
      expect(b.x).toBeGreaterThanOrEqual(0);
      expect(b.x + b.width).toBeLessThanOrEqual(640);
      expect(b.y + b.height).toBeLessThanOrEqual(360);
    }
  });

  it.each(['faceid-webcam', 'face-man', 'face-woman-1', 'face-woman-bw'])('one face: %s', async (name) => {
    const r = await models.classifyJpeg(await frameOf(name));
    expect(r.faces).toBe(1);
    // the box sits in the middle third (photos are centred by the contain fit)
    const cx = r.faceBoxes[0].x + r.faceBoxes[0].width / 2;
    expect(cx).toBeGreaterThan(640 / 3);
    expect(cx).toBeLessThan((2 * 640) / 3);
  });

  it('an empty frame has no face; scores are probabilities', async () => {
    const black = { data: new Uint8Array(640 * 360 * 3), width: 640, height: 360 };
    const r = await models.classifyFrame(black);
    expect(r.faces).toBe(0);
    const sum = Object.values(r.classes).reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(1, 3);
    for (const v of Object.values(r.classes)) expect(v).toBeGreaterThanOrEqual(0);
    expect(r.sexual).toBeGreaterThanOrEqual(0);
    expect(r.sexual).toBeLessThanOrEqual(1);
  });

  it('a drawing is classed Drawing, not sexual', async () => {
    const r = await models.classifyJpeg(await frameOf('anime-drawing'));
    expect(r.classes.Drawing).toBeGreaterThan(0.3);
    expect(r.sexual).toBeLessThan(models.thresholds.sexual.frameThreshold);
  });

  it('the folded MobileNetV2 matches nsfwjs to 1e-4', async () => {
    const { tf } = await initTf();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const nsfwjs = require('nsfwjs');
    const m = await nsfwjs.load('MobileNetV2', { size: 224 });
    const folded = foldLayersModel(tf, m.model);
    for (const name of ['party-group', 'face-man', 'anime-drawing']) {
      const raw = await sharp(await frameOf(name)).resize(224, 224, { fit: 'fill' }).raw().toBuffer();
      const x = tf.tidy(() => tf.tensor4d(raw, [1, 224, 224, 3], 'int32').toFloat().div(255)) as import('@tensorflow/tfjs').Tensor4D;
      const a = tf.tidy(() => m.model.predict(x) as import('@tensorflow/tfjs').Tensor);
      const b = folded.predict(x);
      const [da, db] = [await a.data(), await b.data()];
      for (let i = 0; i < 5; i++) expect(Math.abs(da[i] - db[i])).toBeLessThan(1e-4);
      tf.dispose([x, a, b]);
    }
    folded.dispose();
    m.model.dispose();
  });

  it('calibration: ordinary photos never raise a smoothed sexual flag', async () => {
    // 38 frames: every region, two framings, fed as one camera's consecutive frames
    const frames = await benchFrames(38);
    const smoother = new FrameSmoother(models.thresholds);
    const flags = [];
    for (let i = 0; i < frames.length; i++) {
      const r = await models.classifyJpeg(frames[i].jpeg);
      expect(r.sexual).toBeLessThan(models.thresholds.sexual.frameThreshold);
      flags.push(...smoother.observe({ producerId: 'cam', source: 'camera', isStudent: false, cameraAllowed: true, at: i * 1000, sexual: r.sexual, faces: r.faces }));
    }
    expect(flags.filter((f) => f.label === 'sexual')).toEqual([]);
  }, 60000);

  it('the sexual path flags with the real model and a test threshold', async () => {
    const r = await models.classifyJpeg(await frameOf('table-group-5'));
    const testThreshold = Math.max(0.001, r.sexual / 2);
    const smoother = new FrameSmoother({ ...models.thresholds, sexual: { ...models.thresholds.sexual, frameThreshold: testThreshold, smoothedThreshold: testThreshold } });
    const labels = [];
    for (let i = 0; i < models.thresholds.sexual.k; i++) {
      const s = await models.classifyJpeg(await frameOf('table-group-5'));
      labels.push(...smoother.observe({ producerId: 'cam', source: 'camera', isStudent: true, cameraAllowed: true, at: i * 1000, sexual: s.sexual, faces: s.faces }).map((f) => f.label));
    }
    expect(labels).toContain('sexual');
    expect(labels).toContain('person_visible');
  }, 30000);
});

describe('FrameClassifierPool (worker thread)', () => {
  let pool: FrameClassifierPool;
  beforeAll(async () => {
    pool = await FrameClassifierPool.create({ workers: 1, maxPerProducer: 2 });
  }, 60000);
  afterAll(async () => {
    await pool?.close();
  });

  it('classifies off the main thread: the event loop keeps ticking', async () => {
    expect(pool.backend).toBe(models.backend);
    const jpeg = await frameOf('table-group-5');
    await pool.classify({ producerId: 'warm', jpeg }); // first call warms the worker's kernels
    let ticks = 0;
    let maxGap = 0;
    let last = performance.now();
    const iv = setInterval(() => {
      const now = performance.now();
      maxGap = Math.max(maxGap, now - last);
      last = now;
      ticks++;
    }, 5);
    const t0 = performance.now();
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await pool.classify({ producerId: 'p1', jpeg }));
    const elapsed = performance.now() - t0;
    clearInterval(iv);
    for (const r of results) expect(r.faces).toBe(5);
    // If the models ran on this thread, each ~20-60 ms synchronous model call would stall the timer.
    expect(ticks).toBeGreaterThan((elapsed / 5) * 0.4);
    expect(maxGap).toBeLessThan(Math.max(40, results[0].ms * 0.75));
  }, 30000);

  it('accepts raw RGB too', async () => {
    const { data, info } = await sharp(await frameOf('face-man')).raw().toBuffer({ resolveWithObject: true });
    const r = await pool.classify({ producerId: 'rgb', rgb: { data: new Uint8Array(data), width: info.width, height: info.height } });
    expect(r.faces).toBe(1);
  });

  it('drops the oldest waiting frames of a producer when behind', async () => {
    const jpeg = await frameOf('face-man');
    const all = await Promise.allSettled(Array.from({ length: 6 }, () => pool.classify({ producerId: 'busy', jpeg })));
    const dropped = all.filter((s) => s.status === 'rejected' && isFrameDropped(s.reason));
    const done = all.filter((s) => s.status === 'fulfilled');
    // one in flight + the 2 newest waiting survive
    expect(done.length).toBe(3);
    expect(dropped.length).toBe(3);
    expect(all[5].status).toBe('fulfilled');
    expect(all[1].status).toBe('rejected');
  }, 30000);
});

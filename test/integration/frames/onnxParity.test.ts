/**
 * @jest-environment ./test/integration/frames/onnxEnvironment.js
 *
 * The ONNX route (models/frames/convert-onnx.ts -> models/frames/*.onnx, run by onnxruntime-node) against
 * the tfjs originals on real photos shipped in @vladmandic/human/assets:
 * - nsfwjs MobileNetV2: the ONNX probabilities vs the unfolded nsfwjs LayersModel (tfjs wasm):
 *   max abs difference < 1e-4, same top class.
 * - BlazeFace: the ONNX rows [896 x 17] vs the tfjs GraphModel's: max abs difference < 1e-3, and the
 *   same faces after decoding + NMS at the calibrated threshold.
 * - the committed .onnx files are exactly what the converter makes (it is deterministic).
 * Never explicit material.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import sharp from 'sharp';
import { loadFrameModels, decodeBlazeface, blazefaceAnchors, letterboxForFaces, onnxModelsPresent, NSFW_CLASSES, type FrameModels } from '../../../server/safeguarding/frames/models';
import { PHOTO_REGIONS, regionFrame, benchFrames } from '../../../bench/lib/images';

const ROOT = join(__dirname, '..', '..', '..');

let onnx: FrameModels;
let tfjs: FrameModels;

beforeAll(async () => {
  expect(onnxModelsPresent()).toBe(true);
  onnx = await loadFrameModels({ backend: 'onnx' });
  // The reference: nsfwjs's own LayersModel (not the folded one) and human's BlazeFace GraphModel.
  tfjs = await loadFrameModels({ backend: 'wasm', fold: false });
}, 120000);

afterAll(() => {
  onnx?.dispose();
  tfjs?.dispose();
});

async function frames(): Promise<{ name: string; jpeg: Buffer }[]> {
  const out: { name: string; jpeg: Buffer }[] = [];
  for (const name of ['table-group-5', 'party-group', 'face-man', 'face-woman-bw', 'faceid-webcam', 'anime-drawing', 'kitchen-webcam', 'face-grid-a', 'pool-group', 'party-large']) {
    out.push({ name: `${name}/contain`, jpeg: await regionFrame(PHOTO_REGIONS.find((r) => r.name === name)!, { fit: 'contain' }) });
  }
  // and some 640x360 crops/zooms/flips as the bench uses
  for (const f of (await benchFrames(40)).filter((_, i) => i % 5 === 0)) out.push({ name: f.name, jpeg: f.jpeg });
  return out;
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

const argmax = (a: ArrayLike<number>): number => {
  let b = 0;
  for (let i = 1; i < a.length; i++) if (a[i] > a[b]) b = i;
  return b;
};

describe('ONNX route parity with tfjs', () => {
  it('uses onnxruntime and the tfjs reference', () => {
    expect(onnx.backend).toBe('onnx');
    expect(['wasm-simd', 'wasm']).toContain(tfjs.backend);
    expect([onnx.nsfwSize, onnx.faceSize]).toEqual([tfjs.nsfwSize, tfjs.faceSize]);
  });

  it('nsfwjs MobileNetV2 and BlazeFace agree on real photos', async () => {
    const th = onnx.thresholds.faces;
    const anchors = blazefaceAnchors(onnx.faceSize);
    let maxProb = 0;
    let maxRow = 0;
    let maxLogit = 0;
    let maxScore = 0;
    const report: string[] = [];
    for (const { name, jpeg } of await frames()) {
      const { data, info } = await sharp(jpeg).removeAlpha().raw().toBuffer({ resolveWithObject: true });
      const small = await sharp(data, { raw: { width: info.width, height: info.height, channels: 3 } })
        .resize(onnx.nsfwSize, onnx.nsfwSize, { fit: 'fill', kernel: 'linear' })
        .raw()
        .toBuffer();
      const square = await letterboxForFaces(data, info.width, info.height, onnx.faceSize);
      const a = await onnx.runModels(small, square);
      const b = await tfjs.runModels(small, square);

      expect(a.probs.length).toBe(NSFW_CLASSES.length);
      let dp = 0;
      for (let i = 0; i < a.probs.length; i++) dp = Math.max(dp, Math.abs(a.probs[i] - b.probs[i]));
      expect(dp).toBeLessThan(1e-4);
      expect(argmax(a.probs)).toBe(argmax(b.probs));

      expect(a.rows.length).toBe(896 * 17);
      expect(b.rows.length).toBe(a.rows.length);
      // Boxes and landmarks (columns 1-16, model-input pixels): absolute. Score logits (column 0) reach
      // -10000 on the black letterbox bars, where float32 summation order alone moves them by a few
      // 1e-3 (~1e-6 relative) at a sigmoid of 0: absolute where a face could be (score >= 1e-4),
      // relative elsewhere, and the sigmoid scores themselves absolute.
      let dr = 0;
      let dLogit = 0;
      let dRel = 0;
      let dScore = 0;
      for (let i = 0; i < a.rows.length; i++) {
        const d = Math.abs(a.rows[i] - b.rows[i]);
        if (i % 17 !== 0) dr = Math.max(dr, d);
        else {
          if (b.rows[i] > Math.log(1e-4 / (1 - 1e-4))) dLogit = Math.max(dLogit, d);
          dRel = Math.max(dRel, d / Math.max(1, Math.abs(b.rows[i])));
          dScore = Math.max(dScore, Math.abs(sigmoid(a.rows[i]) - sigmoid(b.rows[i])));
        }
      }
      expect(dr).toBeLessThan(1e-3);
      expect(dLogit).toBeLessThan(1e-3);
      expect(dRel).toBeLessThan(1e-3);
      expect(dScore).toBeLessThan(1e-4);
      const fa = decodeBlazeface(a.rows, anchors, th.minConfidence, th.iouThreshold, th.maxFaces);
      const fb = decodeBlazeface(b.rows, anchors, th.minConfidence, th.iouThreshold, th.maxFaces);
      expect(fa.length).toBe(fb.length);
      for (let i = 0; i < fa.length; i++) expect(Math.abs(fa[i].score - fb[i].score)).toBeLessThan(1e-4);

      maxProb = Math.max(maxProb, dp);
      maxRow = Math.max(maxRow, dr);
      maxLogit = Math.max(maxLogit, dLogit);
      maxScore = Math.max(maxScore, dScore);
      report.push(
        `${name}: top ${NSFW_CLASSES[argmax(a.probs)]} dProb ${dp.toExponential(1)} dBox ${dr.toExponential(1)} dLogit ${dLogit.toExponential(1)} dScore ${dScore.toExponential(1)} faces ${fa.length}`,
      );
    }
    console.log(
      `ONNX vs tfjs over ${report.length} frames: max |dProb| ${maxProb.toExponential(2)}, max |dBox| ${maxRow.toExponential(2)}, ` +
        `max |dLogit| (score >= 1e-4) ${maxLogit.toExponential(2)}, max |dScore| ${maxScore.toExponential(2)}\n${report.join('\n')}`,
    );
  }, 120000);

  it('the whole pipeline (classifyJpeg) gives the same faces and scores', async () => {
    for (const { jpeg } of (await frames()).slice(0, 8)) {
      const a = await onnx.classifyJpeg(jpeg);
      const b = await tfjs.classifyJpeg(jpeg);
      expect(a.faces).toBe(b.faces);
      expect(Math.abs(a.sexual - b.sexual)).toBeLessThan(1e-4);
      for (let i = 0; i < a.faceBoxes.length; i++) {
        expect(Math.abs(a.faceBoxes[i].x - b.faceBoxes[i].x)).toBeLessThanOrEqual(1);
        expect(Math.abs(a.faceBoxes[i].y - b.faceBoxes[i].y)).toBeLessThanOrEqual(1);
      }
    }
  }, 60000);

  it('the committed .onnx files are what the converter makes (deterministic)', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'models/frames/convert-onnx.ts'), '--check'], { cwd: ROOT, encoding: 'utf8' });
    expect(out).toMatch(/nsfw-mobilenetv2\.onnx: up to date/);
    expect(out).toMatch(/blazeface\.onnx: up to date/);
  }, 120000);
});

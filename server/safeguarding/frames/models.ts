/**
 * The frame models, loaded from files inside installed npm packages (no network, ever):
 *
 * - `sexual`: nsfwjs 4.4.0 MobileNetV2 (224x224, Keras LayersModel bundled in nsfwjs/dist/models).
 *   Five classes: Drawing, Hentai, Neutral, Porn, Sexy. The frame score is a weighted sum of the
 *   class probabilities, weights in models/frames/thresholds.json (Porn 1 + Hentai 1 + Sexy 0):
 *   'Sexy' alone is never sexual content (nsfwjs calls ordinary clothed group photos 'Sexy' at
 *   0.7-0.95), so it carries no weight by default.
 * - faces: BlazeFace ("back" variant, 256x256, 896 anchors) from @vladmandic/human/models/blazeface.json.
 *   We run the GraphModel directly with tfjs rather than through human.detect(): human's pipeline adds
 *   frame caching, skipped frames, box enlargement and extra image processing we do not want, and its
 *   package exports are broken for subpaths. The decoding (anchors, boxes, sigmoid scores, NMS) is
 *   human 3.3.6's own (src/face/blazeface.ts), done in plain JS on 896x17 floats. The frame is padded
 *   to a square before the resize (human's `face.detector.square`), so faces keep their shape.
 *
 * Backends, the fastest one present at start unless `backend` forces one:
 * 1. 'tensorflow': tfjs-node, when `@tensorflow/tfjs-node` resolves (not installed here).
 * 2. 'onnx': onnxruntime-node running models/frames/nsfw-mobilenetv2.onnx and blazeface.onnx, made from
 *    the same package weights by models/frames/convert-onnx.ts (parity with tfjs tested in
 *    test/integration/frames/onnxParity.test.ts). One intra-op and one inter-op thread, graph
 *    optimisation 'all', sequential: ~5 ms per model per frame on one core, against ~20-30 ms on wasm.
 * 3. 'wasm' (reported as 'wasm-simd' when SIMD is on; threads do not work in Node 20).
 * 4. 'cpu': pure-JS tfjs, seconds per frame; a last resort.
 * On the tfjs backends MobileNetV2 runs with its batch norms folded into the convolutions and ReLU6
 * fused (foldedLayers.ts): same probabilities to ~1e-6, about twice as fast on wasm.
 * Each thread that calls loadFrameModels() gets its own engine (worker_threads share neither tfjs nor
 * onnxruntime sessions).
 *
 * Per frame: one resize per model in sharp (libvips), from the decoded frame: a 224x224 squash for
 * nsfwjs, and for BlazeFace an aspect-keeping resize letterboxed to a square in JS (sharp's own
 * 'contain' embed costs more than the resize). When the process is pinned to one core, sharp runs
 * with concurrency 1 (libvips threads would only queue behind the models).
 */
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { foldLayersModel } from './foldedLayers';
import { loadFrameThresholds, type FrameThresholds } from './thresholds';

// tfjs is CommonJS; import it lazily so that merely importing this module costs nothing.
type Tf = typeof import('@tensorflow/tfjs');
type LayersModel = import('@tensorflow/tfjs').LayersModel;
type Tensor = import('@tensorflow/tfjs').Tensor;

export interface RgbFrame {
  /** Packed RGB, 3 bytes per pixel, row-major, no padding. */
  data: Uint8Array;
  width: number;
  height: number;
}

export interface FaceBox {
  /** In pixels of the classified frame. */
  x: number;
  y: number;
  width: number;
  height: number;
  score: number;
}

export const NSFW_CLASSES = ['Drawing', 'Hentai', 'Neutral', 'Porn', 'Sexy'] as const;
export type NsfwClass = (typeof NSFW_CLASSES)[number];

export interface FrameScores {
  /** Weighted sum of the nsfwjs class probabilities (see thresholds.json `sexual.weights`), in [0, 1]. */
  sexual: number;
  /** Faces with confidence >= the threshold (thresholds.json `faces.minConfidence`). */
  faces: number;
  faceBoxes: FaceBox[];
  /** The raw nsfwjs probabilities. */
  classes: Record<NsfwClass, number>;
  /** Wall time of the whole per-frame work (resize + both models), milliseconds. */
  ms: number;
}

export interface FrameModels {
  readonly backend: string;
  readonly thresholds: FrameThresholds;
  classifyFrame(rgb: RgbFrame): Promise<FrameScores>;
  /** Decode (sharp) then classifyFrame. */
  classifyJpeg(jpeg: Buffer): Promise<FrameScores>;
  /**
   * The two models on already resized input (uint8 RGB, NHWC): nsfw `nsfwSize`^2 x 3 -> 5 probabilities,
   * faces `faceSize`^2 x 3 (values as the letterbox gives) -> the BlazeFace rows (896 x 17). For parity tests.
   */
  runModels(nsfwInput: Uint8Array, faceInput: Uint8Array): Promise<{ probs: Float32Array; rows: Float32Array }>;
  readonly nsfwSize: number;
  readonly faceSize: number;
  dispose(): void;
}

export interface LoadOptions {
  /** Force a backend ('tensorflow' | 'onnx' | 'wasm' | 'cpu'); default: the fastest present. */
  backend?: string;
  thresholds?: FrameThresholds;
  /** tfjs backends: run MobileNetV2 with batch norm folded into the convolutions (foldedLayers.ts; default true). */
  fold?: boolean;
  /** Folder of the converted .onnx models (default models/frames). */
  onnxDir?: string;
  /** sharp (libvips) threads; default 1 when this process may use only one CPU, else sharp's own default. */
  sharpConcurrency?: number;
}

const NSFW_SIZE = 224;

function packageDir(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
}

/** Path of @vladmandic/human's shipped models folder (its exports map hides subpaths, so go by file). */
export function humanModelsDir(): string {
  // require.resolve('@vladmandic/human/package.json') is blocked by the exports map; main resolves.
  const main = require.resolve('@vladmandic/human');
  let dir = dirname(main);
  for (let i = 0; i < 4; i++) {
    try {
      readFileSync(join(dir, 'models', 'blazeface.json'));
      return join(dir, 'models');
    } catch {
      dir = dirname(dir);
    }
  }
  throw new Error('cannot find @vladmandic/human/models/blazeface.json');
}

let tfPromise: Promise<{ tf: Tf; backend: string }> | null = null;

function hasModule(name: string): boolean {
  try {
    require.resolve(name);
    return true;
  } catch {
    return false;
  }
}

/** Initialise tfjs once per thread on the fastest backend present. */
export function initTf(preferred?: string): Promise<{ tf: Tf; backend: string }> {
  if (tfPromise) return tfPromise;
  tfPromise = (async () => {
    const candidates = preferred ? [preferred] : ['tensorflow', 'wasm', 'cpu'];
    let tf: Tf | null = null;
    for (const name of candidates) {
      try {
        if (name === 'tensorflow') {
          if (!hasModule('@tensorflow/tfjs-node')) continue;
          // eslint-disable-next-line @typescript-eslint/no-require-imports
          tf = require('@tensorflow/tfjs-node') as Tf;
        } else {
          // eslint-disable-next-line @typescript-eslint/no-require-imports
          tf = require('@tensorflow/tfjs') as Tf;
          if (name === 'wasm') {
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            const wasm = require('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm');
            wasm.setWasmPaths(join(packageDir('@tensorflow/tfjs-backend-wasm'), 'dist') + '/');
          }
        }
        if (await tf.setBackend(name)) {
          await tf.ready();
          tf.enableProdMode();
          return { tf, backend: name === 'wasm' && (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) ? 'wasm-simd' : name };
        }
      } catch {
        /* try the next backend */
      }
    }
    throw new Error(`no tfjs backend could start (tried ${candidates.join(', ')})`);
  })();
  // A failed start is not cached: the caller may try another backend.
  tfPromise.catch(() => {
    tfPromise = null;
  });
  return tfPromise;
}

async function loadNsfw(tf: Tf): Promise<LayersModel> {
  // nsfwjs bundles its weights as JS modules; load() reads them with require(), never the network.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const nsfwjs = require('nsfwjs') as typeof import('nsfwjs');
  const info = console.info;
  console.info = () => undefined; // nsfwjs advertises its hosting docs on every load
  try {
    const m = await nsfwjs.load('MobileNetV2', { size: NSFW_SIZE });
    void tf;
    return m.model as LayersModel;
  } finally {
    console.info = info;
  }
}

/** A tfjs IOHandler reading a graph model's json + bin from disk. */
function fileHandler(tf: Tf, jsonPath: string): import('@tensorflow/tfjs').io.IOHandler {
  const json = JSON.parse(readFileSync(jsonPath, 'utf8')) as {
    modelTopology: object;
    format?: string;
    generatedBy?: string;
    convertedBy?: string | null;
    userDefinedMetadata?: Record<string, unknown>;
    weightsManifest: { paths: string[]; weights: import('@tensorflow/tfjs').io.WeightsManifestEntry[] }[];
  };
  const dir = dirname(jsonPath);
  const specs = json.weightsManifest.flatMap((g) => g.weights);
  const bins = json.weightsManifest.flatMap((g) => g.paths.map((p) => readFileSync(join(dir, p))));
  const all = Buffer.concat(bins);
  const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength) as ArrayBuffer;
  return tf.io.fromMemory({
    modelTopology: json.modelTopology,
    weightSpecs: specs,
    weightData,
    format: json.format,
    generatedBy: json.generatedBy,
    convertedBy: json.convertedBy ?? undefined,
    userDefinedMetadata: json.userDefinedMetadata,
  });
}

/** BlazeFace anchors exactly as human 3.3.6 generates them: strides [s/16, s/8], anchors [2, 6]. */
export function blazefaceAnchors(size: number): Float32Array {
  const strides = [size / 16, size / 8];
  const perCell = [2, 6];
  const out: number[] = [];
  for (let i = 0; i < strides.length; i++) {
    const stride = strides[i];
    const rows = Math.floor((size + stride - 1) / stride);
    const cols = rows;
    for (let y = 0; y < rows; y++) {
      const cy = stride * (y + 0.5);
      for (let x = 0; x < cols; x++) {
        const cx = stride * (x + 0.5);
        for (let a = 0; a < perCell[i]; a++) out.push(cx, cy);
      }
    }
  }
  return Float32Array.from(out);
}

interface Candidate {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  score: number;
}

function iou(a: Candidate, b: Candidate): number {
  const ix = Math.max(0, Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1));
  const iy = Math.max(0, Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1));
  const inter = ix * iy;
  const union = (a.x2 - a.x1) * (a.y2 - a.y1) + (b.x2 - b.x1) * (b.y2 - b.y1) - inter;
  return union > 0 ? inter / union : 0;
}

/**
 * Decode BlazeFace output rows (896 x 17: logit, cx, cy, w, h, 6 landmarks x 2) against the anchors,
 * keep scores >= minConfidence, greedy NMS. Coordinates stay in model-input pixels.
 */
export function decodeBlazeface(rows: Float32Array, anchors: Float32Array, minConfidence: number, iouThreshold: number, maxFaces: number): Candidate[] {
  const n = anchors.length / 2;
  const stride = rows.length / n;
  const cands: Candidate[] = [];
  const minLogit = Math.log(minConfidence / (1 - minConfidence));
  for (let i = 0; i < n; i++) {
    const o = i * stride;
    const logit = rows[o];
    if (logit < minLogit) continue;
    const score = 1 / (1 + Math.exp(-logit));
    const cx = rows[o + 1] + anchors[2 * i];
    const cy = rows[o + 2] + anchors[2 * i + 1];
    const w = rows[o + 3];
    const h = rows[o + 4];
    cands.push({ x1: cx - w / 2, y1: cy - h / 2, x2: cx + w / 2, y2: cy + h / 2, score });
  }
  cands.sort((a, b) => b.score - a.score);
  const kept: Candidate[] = [];
  for (const c of cands) {
    if (kept.length >= maxFaces) break;
    if (kept.every((k) => iou(k, c) <= iouThreshold)) kept.push(c);
  }
  return kept;
}

/** What a backend runs: the two models on resized uint8 RGB NHWC input. */
interface Engine {
  backend: string;
  nsfwSize: number;
  faceSize: number;
  nsfw(input: Uint8Array): Promise<Float32Array>;
  faces(input: Uint8Array): Promise<Float32Array>;
  dispose(): void;
}

async function tfjsEngine(preferred: string | undefined, fold: boolean): Promise<Engine> {
  const { tf, backend } = await initTf(preferred);
  const nsfwModel = await loadNsfw(tf);
  const folded = fold ? foldLayersModel(tf, nsfwModel) : null;
  const nsfwPredict = (x: import('@tensorflow/tfjs').Tensor4D): Tensor => (folded ? folded.predict(x) : (nsfwModel.predict(x) as Tensor));
  const face = await tf.loadGraphModel(fileHandler(tf, join(humanModelsDir(), 'blazeface.json')));
  const faceSize = face.inputs[0].shape?.[1] ?? 256;

  const faces = async (input: Uint8Array): Promise<Float32Array> => {
    const outs = tf.tidy(() => {
      const x = tf.tensor4d(input, [1, faceSize, faceSize, 3], 'int32').toFloat().div(127.5).sub(1);
      const res = face.execute(x) as Tensor | Tensor[];
      if (!Array.isArray(res)) return res.squeeze();
      if (res.length === 1) return res[0].squeeze();
      // Output order by size (human does the same): scores384, scores512, boxes384, boxes512.
      const s = [...res].sort((a, b) => a.size - b.size);
      const c384 = tf.concat([s[0], s[2]], 2);
      const c512 = tf.concat([s[1], s[3]], 2);
      return tf.concat([c512, c384], 1).squeeze([0]);
    });
    const rows = (await outs.data()) as Float32Array;
    outs.dispose();
    return rows;
  };

  const nsfw = async (input: Uint8Array): Promise<Float32Array> => {
    const out = tf.tidy(() => {
      const x = tf.tensor4d(input, [1, NSFW_SIZE, NSFW_SIZE, 3], 'int32').toFloat().div(255);
      return nsfwPredict(x as import('@tensorflow/tfjs').Tensor4D);
    });
    const p = (await out.data()) as Float32Array;
    out.dispose();
    return p;
  };

  return {
    backend,
    nsfwSize: NSFW_SIZE,
    faceSize,
    nsfw,
    faces,
    dispose: () => {
      folded?.dispose();
      nsfwModel.dispose();
      face.dispose();
    },
  };
}

export const DEFAULT_ONNX_DIR = join(__dirname, '..', '..', '..', 'models', 'frames');
export const ONNX_FILES = { nsfw: 'nsfw-mobilenetv2.onnx', faces: 'blazeface.onnx' } as const;

type Ort = typeof import('onnxruntime-node');

/** Session options for one frame at a time on one core (issue 4: 'all' is 2x faster than 'basic'). */
export const ONNX_SESSION_OPTIONS = {
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  graphOptimizationLevel: 'all',
  executionMode: 'sequential',
} as const;

/** True when both converted models are on disk (onnxruntime-node itself is checked at load). */
export function onnxModelsPresent(dir = DEFAULT_ONNX_DIR): boolean {
  return existsSync(join(dir, ONNX_FILES.nsfw)) && existsSync(join(dir, ONNX_FILES.faces));
}

async function onnxEngine(dir: string): Promise<Engine> {
  if (!onnxModelsPresent(dir)) throw new Error(`ONNX frame models not found in ${dir} (run models/frames/convert-onnx.ts)`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ort = require('onnxruntime-node') as Ort;
  const open = (file: string) => ort.InferenceSession.create(join(dir, file), { ...ONNX_SESSION_OPTIONS });
  const nsfwSession = await open(ONNX_FILES.nsfw);
  const faceSession = await open(ONNX_FILES.faces);
  const sizeOf = (s: import('onnxruntime-node').InferenceSession, dflt: number): number => {
    const meta = (s as unknown as { inputMetadata?: { shape?: (number | string)[] }[] }).inputMetadata?.[0]?.shape;
    return typeof meta?.[1] === 'number' ? meta[1] : dflt;
  };
  const nsfwSize = sizeOf(nsfwSession, NSFW_SIZE);
  const faceSize = sizeOf(faceSession, 256);
  const nsfwIn = nsfwSession.inputNames[0];
  const nsfwOut = nsfwSession.outputNames[0];
  const faceIn = faceSession.inputNames[0];
  const faceOut = faceSession.outputNames[0];

  const nsfw = async (input: Uint8Array): Promise<Float32Array> => {
    const r = await nsfwSession.run({ [nsfwIn]: new ort.Tensor('uint8', input, [1, nsfwSize, nsfwSize, 3]) });
    return r[nsfwOut].data as Float32Array;
  };
  const faces = async (input: Uint8Array): Promise<Float32Array> => {
    const r = await faceSession.run({ [faceIn]: new ort.Tensor('uint8', input, [1, faceSize, faceSize, 3]) });
    return r[faceOut].data as Float32Array;
  };
  // Warm up (first runs allocate and pick kernels), so the first real frame is not slow.
  await nsfw(new Uint8Array(nsfwSize * nsfwSize * 3));
  await faces(new Uint8Array(faceSize * faceSize * 3));
  return {
    backend: 'onnx',
    nsfwSize,
    faceSize,
    nsfw,
    faces,
    dispose: () => {
      void nsfwSession.release();
      void faceSession.release();
    },
  };
}

/** The backends to try, fastest first. */
function backendOrder(forced: string | undefined, onnxDir: string): string[] {
  if (forced) return [forced === 'wasm-simd' ? 'wasm' : forced];
  const order: string[] = [];
  if (hasModule('@tensorflow/tfjs-node')) order.push('tensorflow');
  if (onnxModelsPresent(onnxDir) && hasModule('onnxruntime-node')) order.push('onnx');
  order.push('wasm', 'cpu');
  return order;
}

/**
 * Resize for BlazeFace: keep the aspect, fit into size x size, centre on black - byte for byte what
 * sharp's fit 'contain' gives (tested), but with the padding done here: sharp's embed step costs more
 * than its resize (~1.4 ms of ~2.5 ms on 640x360).
 */
async function letterbox(data: Uint8Array, width: number, height: number, size: number): Promise<Buffer> {
  // fit 'inside' is 'contain' without the embed: same scale factor, same pixels.
  const { data: resized, info } = await sharp(data, { raw: { width, height, channels: 3 } })
    .resize(size, size, { fit: 'inside', kernel: 'linear' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const rw = info.width;
  const rh = info.height;
  if (rw === size && rh === size) return resized;
  const out = Buffer.alloc(size * size * 3);
  const left = Math.floor((size - rw) / 2);
  const top = Math.floor((size - rh) / 2);
  const row = rw * 3;
  for (let y = 0; y < rh; y++) resized.copy(out, ((top + y) * size + left) * 3, y * row, y * row + row);
  return out;
}

export async function loadFrameModels(opts: LoadOptions = {}): Promise<FrameModels> {
  const thresholds = opts.thresholds ?? loadFrameThresholds();
  const onnxDir = opts.onnxDir ?? DEFAULT_ONNX_DIR;
  const sharpThreads = opts.sharpConcurrency ?? (availableParallelism() <= 1 ? 1 : undefined);
  if (sharpThreads !== undefined) sharp.concurrency(sharpThreads);

  let engine: Engine | null = null;
  const errors: string[] = [];
  const order = backendOrder(opts.backend, onnxDir);
  for (const name of order) {
    try {
      if (name === 'onnx') engine = await onnxEngine(onnxDir);
      else engine = await tfjsEngine(name, opts.fold !== false);
      break;
    } catch (err) {
      errors.push(`${name}: ${(err as Error).message}`);
    }
  }
  if (!engine) throw new Error(`no frame model backend could start (${errors.join('; ')})`);
  if (errors.length) console.warn(`frame models: using ${engine.backend}; faster backends failed to start (${errors.join('; ')})`);
  const eng = engine;
  const faceSize = eng.faceSize;
  const nsfwSize = eng.nsfwSize;
  const anchors = blazefaceAnchors(faceSize);
  const weights = thresholds.sexual.weights;
  const fc = thresholds.faces;

  const classifyFrame = async (rgb: RgbFrame): Promise<FrameScores> => {
    const t0 = performance.now();
    const { data, width, height } = rgb;
    if (data.length < width * height * 3) throw new Error(`frame buffer too small for ${width}x${height} RGB`);
    // One resize per model, both from the decoded frame: squash to 224x224 as nsfwjs does; keep the
    // aspect and pad to a square for faces (human's `face.detector.square`), so faces keep their shape.
    const [small, square] = await Promise.all([
      sharp(data, { raw: { width, height, channels: 3 } }).resize(nsfwSize, nsfwSize, { fit: 'fill', kernel: 'linear' }).raw().toBuffer(),
      letterbox(data, width, height, faceSize),
    ]);
    const probs = await eng.nsfw(small);
    const rows = await eng.faces(square);
    const classes = Object.fromEntries(NSFW_CLASSES.map((c, i) => [c, probs[i]])) as Record<NsfwClass, number>;
    let sexual = 0;
    for (const c of NSFW_CLASSES) sexual += (weights[c] ?? 0) * classes[c];
    sexual = Math.min(1, Math.max(0, sexual));
    const side = Math.max(width, height);
    const scale = side / faceSize;
    const padX = (side - width) / 2;
    const padY = (side - height) / 2;
    const faceBoxes = decodeBlazeface(rows, anchors, fc.minConfidence, fc.iouThreshold, fc.maxFaces).map((c) => {
      const x1 = Math.max(0, c.x1 * scale - padX);
      const y1 = Math.max(0, c.y1 * scale - padY);
      const x2 = Math.min(width, c.x2 * scale - padX);
      const y2 = Math.min(height, c.y2 * scale - padY);
      return { x: Math.round(x1), y: Math.round(y1), width: Math.round(x2 - x1), height: Math.round(y2 - y1), score: c.score };
    });
    return { sexual, faces: faceBoxes.length, faceBoxes, classes, ms: performance.now() - t0 };
  };

  const classifyJpeg = async (jpeg: Buffer): Promise<FrameScores> => {
    const t0 = performance.now();
    // Decode once; both resizes start from these pixels.
    const { data, info } = await sharp(jpeg).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const r = await classifyFrame({ data, width: info.width, height: info.height });
    return { ...r, ms: performance.now() - t0 };
  };

  const runModels = async (nsfwInput: Uint8Array, faceInput: Uint8Array): Promise<{ probs: Float32Array; rows: Float32Array }> => ({
    probs: await eng.nsfw(nsfwInput),
    rows: await eng.faces(faceInput),
  });

  return {
    backend: eng.backend,
    thresholds,
    nsfwSize,
    faceSize,
    classifyFrame,
    classifyJpeg,
    runModels,
    dispose: () => eng.dispose(),
  };
}

/** Exposed for tests: the letterbox used for BlazeFace input. */
export const letterboxForFaces = letterbox;

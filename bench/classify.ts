/**
 * `npm run bench:classify` (DESIGN.md section 6): the whole per-frame work of the frame pipeline over
 * >= 100 real 640x360 frames, pinned to one core.
 *
 * Per frame: decode the JPEG the frame sampler delivers (sharp, once), one resize for each model (sharp;
 * the BlazeFace letterbox padding in JS), nsfwjs MobileNetV2 (sexual) and BlazeFace (faces), decode
 * boxes - i.e. FrameModels.classifyJpeg, the exact call a classifier worker makes. The backend is the one
 * loadFrameModels picks (onnxruntime-node on the converted models/frames/*.onnx when present; tfjs-node
 * would come first if installed; else tfjs wasm); --backend forces one (onnx | wasm | cpu | tensorflow). The frames are crops/zooms/flips of real photographs shipped
 * in @vladmandic/human/assets (bench/lib/images.ts); they are made before the timed loop.
 *
 * Pinning: re-executes itself under `taskset -c 0` unless it already runs on exactly one CPU, so the
 * models, sharp's libuv threads and GC all share one core; pinned, sharp runs with concurrency 1 and
 * onnxruntime with one intra-op and one inter-op thread. framesPerSecondPerCore is frames divided by
 * the wall time of the whole timed loop on that core (not a model latency inverted).
 *
 * Last stdout line: {"backend":..,"msPerFrame":{"p50":..,"p95":..},"framesPerSecondPerCore":..}
 * Options: --frames N (default 120), --warmup N (default 5), --backend NAME.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { benchFrames } from './lib/images';
import { loadFrameModels } from '../server/safeguarding/frames/models';

function allowedCpus(): number {
  const m = /Cpus_allowed_list:\s*(\S+)/.exec(readFileSync('/proc/self/status', 'utf8'));
  if (!m) return 0;
  let n = 0;
  for (const part of m[1].split(',')) {
    const [a, b] = part.split('-').map(Number);
    n += b === undefined ? 1 : b - a + 1;
  }
  return n;
}

function arg(name: string, dflt: string | undefined): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
}

function pct(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

const round = (x: number, d = 2): number => Math.round(x * 10 ** d) / 10 ** d;

async function main(): Promise<void> {
  if (allowedCpus() !== 1 && !process.env.CHAPERONE_BENCH_PINNED) {
    let haveTaskset = true;
    try {
      execFileSync('taskset', ['-V'], { stdio: 'ignore' });
    } catch {
      haveTaskset = false;
    }
    if (haveTaskset) {
      const r = spawnSync('taskset', ['-c', '0', process.execPath, ...process.execArgv, ...process.argv.slice(1)], {
        stdio: 'inherit',
        env: { ...process.env, CHAPERONE_BENCH_PINNED: '1' },
      });
      process.exit(r.status ?? 1);
    }
    console.error('warning: taskset not found; running unpinned');
  }

  const count = Math.max(100, Number(arg('frames', '120')));
  const warmup = Number(arg('warmup', '5'));
  const frames = await benchFrames(count);
  const models = await loadFrameModels({ backend: arg('backend', undefined) });
  console.error(
    `bench:classify: ${frames.length} frames (640x360 JPEG, real photos), backend ${models.backend}, cpus ${allowedCpus()}, sharp concurrency ${sharp.concurrency()}`,
  );

  for (let i = 0; i < warmup; i++) await models.classifyJpeg(frames[i % frames.length].jpeg);

  const ms: number[] = [];
  let faces = 0;
  let maxSexual = 0;
  const t0 = performance.now();
  for (const f of frames) {
    const t = performance.now();
    const r = await models.classifyJpeg(f.jpeg);
    ms.push(performance.now() - t);
    faces += r.faces;
    maxSexual = Math.max(maxSexual, r.sexual);
  }
  const wallS = (performance.now() - t0) / 1000;
  ms.sort((a, b) => a - b);
  console.error(`faces found ${faces}, max sexual score ${maxSexual.toFixed(3)}, wall ${wallS.toFixed(2)} s`);
  models.dispose();
  console.log(
    JSON.stringify({
      backend: models.backend,
      msPerFrame: { p50: round(pct(ms, 50)), p95: round(pct(ms, 95)) },
      framesPerSecondPerCore: round(frames.length / wallS),
    }),
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

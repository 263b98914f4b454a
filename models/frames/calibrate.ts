/**
 * Calibration check for models/frames/thresholds.json: runs the real frame models over the benign
 * real-photo frames of bench/lib/images.ts (every region, 12 framings each) and writes the score
 * distribution to models/frames/calibration.json. No explicit material is used or needed: the sexual
 * threshold is set above the highest benign frame score with a margin, and the k-of-n smoothing
 * covers single-frame spikes. Run: node --import tsx models/frames/calibrate.ts
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchFrames, PHOTO_REGIONS } from '../../bench/lib/images';
import { loadFrameModels } from '../../server/safeguarding/frames/models';
import { FrameSmoother } from '../../server/domain/frameSmoothing';

const q = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
};
const r3 = (x: number): number => Math.round(x * 1000) / 1000;

async function main(): Promise<void> {
  const models = await loadFrameModels();
  const frames = await benchFrames(PHOTO_REGIONS.length * 12);
  const perRegion: Record<string, { sexual: number[]; porn: number[]; sexy: number[]; faces: number[] }> = {};
  const smoother = new FrameSmoother(models.thresholds);
  let flags = 0;
  let i = 0;
  for (const f of frames) {
    const r = await models.classifyJpeg(f.jpeg);
    const e = (perRegion[f.region.name] ??= { sexual: [], porn: [], sexy: [], faces: [] });
    e.sexual.push(r.sexual);
    e.porn.push(r.classes.Porn);
    e.sexy.push(r.classes.Sexy);
    e.faces.push(r.faces);
    flags += smoother.observe({ producerId: 'all', source: 'camera', isStudent: false, cameraAllowed: true, at: i++ * 1000, sexual: r.sexual, faces: r.faces }).length;
  }
  const all = Object.values(perRegion).flatMap((e) => e.sexual);
  const out = {
    backend: models.backend,
    frames: frames.length,
    thresholds: models.thresholds.sexual,
    benignSexual: { p50: r3(q(all, 0.5)), p95: r3(q(all, 0.95)), max: r3(Math.max(...all)) },
    smoothedSexualFlagsOnBenign: flags,
    regions: Object.fromEntries(
      Object.entries(perRegion).map(([k, e]) => [
        k,
        { sexualMax: r3(Math.max(...e.sexual)), pornMax: r3(Math.max(...e.porn)), sexyMax: r3(Math.max(...e.sexy)), faces: [Math.min(...e.faces), Math.max(...e.faces)] },
      ]),
    ),
  };
  writeFileSync(join(__dirname, 'calibration.json'), JSON.stringify(out, null, 2) + '\n');
  console.log(JSON.stringify(out.benignSexual), 'flags', flags);
  models.dispose();
}

void main();

/**
 * Real photos for the frame benchmark and tests, taken from images shipped inside installed npm
 * packages (no network, nothing committed): @vladmandic/human/assets/*.jpg are screenshots of its
 * demos, made of real photographs (group photos, single faces, a webcam shot, a face grid) plus one
 * drawing. Each source below is one photographic region of those files; frames are 640x360 crops of a
 * region at two zooms, three positions and with/without a horizontal flip (12 variants a region).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import sharp from 'sharp';

export interface PhotoRegion {
  name: string;
  file: string;
  left: number;
  top: number;
  width: number;
  height: number;
  /** What a person sees in it (for tests and calibration). */
  faces?: number;
  kind: 'photo' | 'drawing';
}

export function humanAssetsDir(): string {
  let dir = dirname(require.resolve('@vladmandic/human'));
  for (let i = 0; i < 4; i++) {
    try {
      readFileSync(join(dir, 'assets', 'samples.jpg'));
      return join(dir, 'assets');
    } catch {
      dir = dirname(dir);
    }
  }
  throw new Error('cannot find @vladmandic/human/assets');
}

/** Pixel regions of real photographs inside @vladmandic/human/assets. */
export const PHOTO_REGIONS: PhotoRegion[] = [
  { name: 'two-friends', file: 'screenshot-facedetect.jpg', left: 0, top: 88, width: 105, height: 160, kind: 'photo' },
  { name: 'party-group', file: 'screenshot-facedetect.jpg', left: 105, top: 93, width: 200, height: 150, kind: 'photo' },
  { name: 'table-group-5', file: 'screenshot-facedetect.jpg', left: 305, top: 93, width: 200, height: 150, faces: 5, kind: 'photo' },
  { name: 'suits-group', file: 'screenshot-facedetect.jpg', left: 505, top: 120, width: 200, height: 85, kind: 'photo' },
  { name: 'pool-group', file: 'screenshot-facedetect.jpg', left: 707, top: 82, width: 93, height: 170, kind: 'photo' },
  { name: 'face-man', file: 'screenshot-facedetect.jpg', left: 5, top: 345, width: 155, height: 155, faces: 1, kind: 'photo' },
  { name: 'face-woman-1', file: 'screenshot-facedetect.jpg', left: 162, top: 345, width: 155, height: 155, faces: 1, kind: 'photo' },
  { name: 'face-woman-2', file: 'screenshot-facedetect.jpg', left: 320, top: 345, width: 155, height: 155, faces: 1, kind: 'photo' },
  { name: 'face-woman-3', file: 'screenshot-facedetect.jpg', left: 478, top: 345, width: 155, height: 155, faces: 1, kind: 'photo' },
  { name: 'face-woman-bw', file: 'screenshot-facedetect.jpg', left: 633, top: 345, width: 155, height: 155, faces: 1, kind: 'photo' },
  { name: 'faceid-webcam', file: 'screenshot-faceid.jpg', left: 15, top: 140, width: 140, height: 142, faces: 1, kind: 'photo' },
  { name: 'kitchen-webcam', file: 'screenshot-vrm.jpg', left: 474, top: 2, width: 326, height: 243, kind: 'photo' },
  { name: 'anime-drawing', file: 'screenshot-vrm.jpg', left: 40, top: 20, width: 260, height: 630, kind: 'drawing' },
  { name: 'party-large', file: 'samples.jpg', left: 0, top: 195, width: 1280, height: 963, kind: 'photo' },
  { name: 'thumbs-left', file: 'samples.jpg', left: 0, top: 0, width: 640, height: 158, kind: 'photo' },
  { name: 'thumbs-right', file: 'samples.jpg', left: 640, top: 0, width: 640, height: 158, kind: 'photo' },
  { name: 'face-grid-a', file: 'screenshot-facematch.jpg', left: 0, top: 285, width: 960, height: 669, kind: 'photo' },
  { name: 'face-grid-b', file: 'screenshot-facematch.jpg', left: 960, top: 285, width: 960, height: 669, kind: 'photo' },
  { name: 'match-samples', file: 'screenshot-facematch.jpg', left: 170, top: 20, width: 1750, height: 230, kind: 'photo' },
];

export interface BenchFrame {
  name: string;
  region: PhotoRegion;
  /** 640x360 baseline JPEG, as the frame sampler delivers. */
  jpeg: Buffer;
}

/** A 16:9 crop of a region, scaled to width x height. */
export async function regionFrame(
  region: PhotoRegion,
  opts: { zoom?: number; pos?: number; flip?: boolean; width?: number; height?: number; fit?: 'crop' | 'contain' } = {},
): Promise<Buffer> {
  const width = opts.width ?? 640;
  const height = opts.height ?? 360;
  const src = sharp(join(humanAssetsDir(), region.file)).extract({ left: region.left, top: region.top, width: region.width, height: region.height });
  if (opts.fit === 'contain') {
    const buf = await src.toBuffer();
    let s = sharp(buf).resize(width, height, { fit: 'contain', background: { r: 0, g: 0, b: 0 } });
    if (opts.flip) s = s.flop();
    return s.jpeg({ quality: 85 }).toBuffer();
  }
  const zoom = opts.zoom ?? 1;
  const pos = opts.pos ?? 0.5;
  const aspect = width / height;
  let w: number;
  let h: number;
  if (region.width / region.height > aspect) {
    h = Math.round(region.height * zoom);
    w = Math.round(h * aspect);
  } else {
    w = Math.round(region.width * zoom);
    h = Math.round(w / aspect);
  }
  const left = Math.round((region.width - w) * pos);
  const top = Math.round((region.height - h) * pos);
  const buf = await src.toBuffer();
  let s = sharp(buf).extract({ left, top, width: w, height: h }).resize(width, height, { fit: 'fill' });
  if (opts.flip) s = s.flop();
  return s.jpeg({ quality: 85 }).toBuffer();
}

/** `count` (default 120) distinct 640x360 frames from the real photo regions. */
export async function benchFrames(count = 120): Promise<BenchFrame[]> {
  const variants: { zoom: number; pos: number; flip: boolean }[] = [];
  for (const zoom of [1, 0.8]) for (const pos of [0.5, 0, 1]) for (const flip of [false, true]) variants.push({ zoom, pos, flip });
  const out: BenchFrame[] = [];
  for (let v = 0; v < variants.length && out.length < count; v++) {
    for (const region of PHOTO_REGIONS) {
      if (out.length >= count) break;
      const { zoom, pos, flip } = variants[v];
      out.push({ name: `${region.name}/z${zoom}/p${pos}/${flip ? 'flip' : 'orig'}`, region, jpeg: await regionFrame(region, { zoom, pos, flip }) });
    }
  }
  return out;
}

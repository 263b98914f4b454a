/** Inspecting media produced by the product, with Debian's ffmpeg, entirely through pipes. */
import { spawn } from 'node:child_process';
import { readdirSync, statSync, openSync, readSync, closeSync } from 'node:fs';
import { join } from 'node:path';

/** Decode a container from memory and count its decoded video/audio frames. */
export function countDecodedFrames(container: Buffer): Promise<{ video: number; audio: number; width: number }> {
  return new Promise((resolve, reject) => {
    const p = spawn('ffprobe', ['-v', 'error', '-count_frames', '-show_entries', 'stream=codec_type,width,nb_read_frames', '-of', 'json', 'pipe:0']);
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.stdin.on('error', () => undefined);
    p.on('close', (code) => {
      if (code !== 0) return reject(new Error(`ffprobe failed: ${err}`));
      const streams = (JSON.parse(out) as { streams: Array<{ codec_type: string; width?: number; nb_read_frames?: string }> }).streams;
      const sum = (t: string) => streams.filter((s) => s.codec_type === t).reduce((a, s) => a + Number(s.nb_read_frames ?? 0), 0);
      resolve({ video: sum('video'), audio: sum('audio'), width: streams.find((s) => s.codec_type === 'video')?.width ?? 0 });
    });
    p.stdin.end(container);
  });
}

/** Every file below `root` (recursively). */
export function allFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.push(p);
    }
  };
  walk(root);
  return out;
}

/** Container signatures that must never appear at the start of a file at rest. */
const SIGNATURES: Array<{ name: string; at: number; bytes: Buffer }> = [
  { name: 'EBML (WebM/Matroska)', at: 0, bytes: Buffer.from('1a45dfa3', 'hex') },
  { name: 'Ogg', at: 0, bytes: Buffer.from('OggS') },
  { name: 'MP4', at: 4, bytes: Buffer.from('ftyp') },
  { name: 'WAV', at: 0, bytes: Buffer.from('RIFF') },
];

/** Files under `root` (recursively) whose first bytes are a media container signature. */
export function plaintextMediaFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of entries) {
      const path = join(dir, name);
      let st;
      try {
        st = statSync(path);
      } catch {
        continue;
      }
      if (st.isDirectory()) walk(path);
      else if (st.isFile() && st.size >= 8) {
        const head = Buffer.alloc(8);
        try {
          const fd = openSync(path, 'r');
          readSync(fd, head, 0, 8, 0);
          closeSync(fd);
        } catch {
          continue;
        }
        if (SIGNATURES.some((s) => head.subarray(s.at, s.at + s.bytes.length).equals(s.bytes))) found.push(path);
      }
    }
  };
  walk(root);
  return found;
}

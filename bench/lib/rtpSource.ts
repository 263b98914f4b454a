/**
 * Real encoded media for the SFU bench: one ffmpeg process encodes a live 640x360@30 test pattern with
 * libvpx (VP8) and a 440 Hz tone with libopus, and sends each as plain RTP (fixed SSRC and payload type)
 * to a mediasoup PlainTransport in comedia mode. ffmpeg sends RTCP from a second local port, so the
 * producer transports must not use rtcpMux (comedia would lock onto whichever port spoke first). `-re` paces both at wall-clock speed, so the packet rate
 * and sizes are what a camera + microphone publisher produces (VP8 ~80 pkt/s, Opus 50 pkt/s).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { types } from 'mediasoup';

/** Payload types must match the router's preferred ones (server/media/codecs.ts). */
export const OPUS_PT = 100;
export const VP8_PT = 101;
export const VIDEO_SSRC = 0x11110001;
export const AUDIO_SSRC = 0x22220002;

export const FFMPEG_BIN = process.env.FFMPEG_BIN ?? '/usr/bin/ffmpeg';

/** VP8 bitrate: typical single-layer 360p camera; with 1200-byte packets it gives ~80 packets/s. */
const VIDEO_KBPS = 600;
/** Keyframe interval in frames (2 s at 30 fps): bounds how long a new video consumer waits for its first frame. */
const VIDEO_GOP = 60;
/** Payload size limit, as browsers keep RTP packets well under a 1500-byte MTU. */
const RTP_PKT_SIZE = 1200;

export const VIDEO_PRODUCER_PARAMETERS: types.RtpParameters = {
  codecs: [
    {
      mimeType: 'video/VP8',
      payloadType: VP8_PT,
      clockRate: 90000,
      rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }, { type: 'ccm', parameter: 'fir' }],
    },
  ],
  encodings: [{ ssrc: VIDEO_SSRC }],
};

export const AUDIO_PRODUCER_PARAMETERS: types.RtpParameters = {
  codecs: [{ mimeType: 'audio/opus', payloadType: OPUS_PT, clockRate: 48000, channels: 2, parameters: { 'sprop-stereo': 1 } }],
  encodings: [{ ssrc: AUDIO_SSRC }],
};

/** Where one stream goes: the producer transport's RTP port and its separate RTCP port. */
export interface RtpTarget {
  readonly rtpPort: number;
  readonly rtcpPort: number;
}

function rtpUrl(ip: string, target: RtpTarget): string {
  return `rtp://${ip}:${target.rtpPort}?rtcpport=${target.rtcpPort}&pkt_size=${RTP_PKT_SIZE}`;
}

export function ffmpegArgs(ip: string, video: RtpTarget, audio: RtpTarget): string[] {
  return [
    '-hide_banner', '-nostdin', '-loglevel', 'error',
    '-re', '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30',
    '-re', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
    // Video: realtime VP8 as a browser would send it (no alt-ref/lag, CBR-ish, periodic keyframes).
    '-map', '0:v', '-c:v', 'libvpx', '-pix_fmt', 'yuv420p',
    '-deadline', 'realtime', '-cpu-used', '8', '-threads', '1',
    '-b:v', `${VIDEO_KBPS}k`, '-minrate', `${VIDEO_KBPS}k`, '-maxrate', `${VIDEO_KBPS}k`, '-bufsize', `${VIDEO_KBPS}k`,
    '-g', String(VIDEO_GOP), '-keyint_min', String(VIDEO_GOP),
    '-lag-in-frames', '0', '-auto-alt-ref', '0', '-error-resilient', '1',
    '-payload_type', String(VP8_PT), '-ssrc', String(VIDEO_SSRC), '-f', 'rtp', rtpUrl(ip, video),
    // Audio: 20 ms Opus frames (50 packets/s), stereo as the router codec declares.
    '-map', '1:a', '-c:a', 'libopus', '-ac', '2', '-ar', '48000', '-b:a', '48k', '-frame_duration', '20', '-application', 'voip',
    '-payload_type', String(OPUS_PT), '-ssrc', String(AUDIO_SSRC), '-f', 'rtp', rtpUrl(ip, audio),
  ];
}

export interface RtpSource {
  readonly process: ChildProcess;
  /** Set if ffmpeg exited before stop() was called (a bench step measured without a source is void). */
  readonly unexpectedExit: () => string | undefined;
  stop(): Promise<void>;
}

/**
 * ffmpeg is started through a private symlink so its process name is `chaperone-rtp-src`: on a shared
 * machine a name-based cleanup of stray ffmpeg processes (`pkill ffmpeg`) must not kill the bench's source
 * mid-run (this happened while developing the bench). The symlink is removed when the source stops.
 */
function privateExecutable(): { path: string; dispose: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'chaperone-bench-'));
  const path = join(dir, 'chaperone-rtp-src');
  symlinkSync(FFMPEG_BIN, path);
  return { path, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Start ffmpeg; its stderr (errors only) is forwarded so a broken encoder is visible. */
export function startRtpSource(ip: string, video: RtpTarget, audio: RtpTarget): RtpSource {
  const exe = privateExecutable();
  const child = spawn(exe.path, ffmpegArgs(ip, video, audio), { stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr?.on('data', (d: Buffer) => process.stderr.write(`[ffmpeg] ${d.toString()}`));
  let stopping = false;
  let unexpected: string | undefined;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      if (!stopping) {
        unexpected = `ffmpeg exited early (code ${code}, signal ${signal})`;
        process.stderr.write(`[ffmpeg] ${unexpected}\n`);
      }
      exe.dispose();
      resolve();
    }),
  );
  child.once('error', (err) => {
    unexpected = `ffmpeg failed to start: ${err.message}`;
    process.stderr.write(`[ffmpeg] ${unexpected}\n`);
  });
  return {
    process: child,
    unexpectedExit: () => unexpected,
    async stop() {
      stopping = true;
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Samples decoded frames from one video producer (camera or share) for the frame classifiers.
 *
 * A server-side PlainTransport consumer of the producer's LOWEST simulcast layer (rtpTap.ts: the
 * consumer's RTP capabilities leave out transport-cc, goog-remb and abs-send-time, otherwise mediasoup
 * runs bandwidth estimation that ffmpeg never answers and the consumer is held on bad layers) sends
 * RTP to a local UDP port. ffmpeg reads the SDP for it on stdin, decodes VP8, keeps about one frame a
 * second plus any frame where the scene changes (select filter), scales to at most 640 wide and writes
 * JPEGs to stdout (image2pipe/mjpeg). Frames are split out of the pipe in memory (SOI..EOI markers);
 * nothing is ever written to disk.
 *
 * ffmpeg is spawned directly (child_process) rather than through fluent-ffmpeg: the command is fixed,
 * we need the raw stdout stream, stdin for the SDP and the pid to kill, and fluent-ffmpeg adds
 * nothing there. The binary is Debian's /usr/bin/ffmpeg (or FFMPEG_PATH).
 *
 * Key frames: requested when the consumer starts, then every keyFrameIntervalMs while ffmpeg has not
 * produced a frame for that long (a decoder that joined mid-stream can do nothing until a key frame).
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { EventEmitter } from 'node:events';
import type { Readable, Writable } from 'node:stream';
import type { types } from 'mediasoup';
import { tapProducer, type RtpTap } from '../../media/rtpTap';

export interface SampledFrame {
  producerId: string;
  /** A complete JPEG (baseline, from ffmpeg's mjpeg encoder). */
  jpeg: Buffer;
  /** Date.now() when the frame left ffmpeg. */
  at: number;
  /** 0, 1, 2, ... per sampler. */
  seq: number;
}

export interface FrameSamplerOptions {
  /** Called for every frame (also emitted as 'frame'). */
  onFrame?: (frame: SampledFrame) => void;
  /** Regular sampling rate, frames per second (default 1). */
  fps?: number;
  /** ffmpeg scene score (0..1) above which a frame is taken at once (default 0.3). */
  sceneThreshold?: number;
  /** Frames are scaled down to at most this width (default 640). */
  maxWidth?: number;
  /** Simulcast spatial layer to consume (default 0, the lowest). */
  spatialLayer?: number;
  /** How long without a decoded frame before asking for a key frame again (default 2000 ms). */
  keyFrameIntervalMs?: number;
  ffmpegPath?: string;
  /** JPEG quality for ffmpeg's -q:v (2 best .. 31 worst; default 5). */
  jpegQuality?: number;
}

const SOI = Buffer.from([0xff, 0xd8]);
const EOI = Buffer.from([0xff, 0xd9]);

/**
 * Splits a byte stream of concatenated JPEGs. ffmpeg's mjpeg encoder writes no embedded thumbnails,
 * and 0xFF inside entropy-coded data is always stuffed (FF 00), so the first FFD9 after an FFD8 ends
 * the image.
 */
export class JpegStreamSplitter {
  private buf: Buffer = Buffer.alloc(0);
  /** Bytes over which a frame is given up as garbage (default 8 MiB). */
  constructor(private readonly maxBytes = 8 * 1024 * 1024) {}

  push(chunk: Buffer): Buffer[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const out: Buffer[] = [];
    for (;;) {
      const start = this.buf.indexOf(SOI);
      if (start < 0) {
        // keep a trailing 0xFF in case it starts the next SOI
        this.buf = this.buf.length && this.buf[this.buf.length - 1] === 0xff ? this.buf.subarray(this.buf.length - 1) : Buffer.alloc(0);
        break;
      }
      const end = this.buf.indexOf(EOI, start + 2);
      if (end < 0) {
        this.buf = this.buf.subarray(start);
        if (this.buf.length > this.maxBytes) this.buf = Buffer.alloc(0);
        break;
      }
      out.push(Buffer.from(this.buf.subarray(start, end + 2)));
      this.buf = this.buf.subarray(end + 2);
    }
    return out;
  }
}

export function ffmpegSamplerArgs(opts: { fps: number; sceneThreshold: number; maxWidth: number; jpegQuality: number }): string[] {
  const period = (1 / opts.fps).toFixed(3);
  // First frame, then one every `period` seconds, plus any frame whose scene score jumps.
  const select = `select='isnan(prev_selected_t)+gte(t-prev_selected_t\\,${period})+gt(scene\\,${opts.sceneThreshold})'`;
  const scale = `scale='min(${opts.maxWidth}\\,iw)':-2`;
  return [
    '-hide_banner',
    '-nostdin',
    '-loglevel',
    process.env.FRAMESAMPLER_FFLOG ?? 'error',
    '-protocol_whitelist',
    'pipe,udp,rtp',
    '-flags',
    'low_delay',
    // Probe only until the first decoded frame gives the size (no frame-rate probing: it held the
    // first frame back for seconds). Not -fflags nobuffer: that throws away the probed key frame.
    '-fpsprobesize',
    '0',
    '-analyzeduration',
    '0',
    '-f',
    'sdp',
    '-i',
    'pipe:0',
    '-an',
    '-vf',
    `${select},${scale}`,
    '-fps_mode',
    'vfr',
    '-c:v',
    'mjpeg',
    '-q:v',
    String(opts.jpegQuality),
    '-f',
    'image2pipe',
    'pipe:1',
  ];
}

export class FrameSampler extends EventEmitter {
  private seq = 0;
  private lastFrameAt = 0;
  private closing: Promise<void> | null = null;
  private keyFrameTimer: NodeJS.Timeout | null = null;
  private exited = false;
  private stderrTail = '';

  private constructor(
    readonly producerId: string,
    private readonly tap: RtpTap,
    private readonly proc: ChildProcessByStdio<Writable, Readable, Readable>,
    private readonly opts: FrameSamplerOptions,
  ) {
    super();
  }

  /** Start sampling `producer` (a video producer on `router`). Resolves once ffmpeg runs. */
  static async start(router: types.Router, producer: types.Producer, opts: FrameSamplerOptions = {}): Promise<FrameSampler> {
    if (producer.kind !== 'video') throw new Error('FrameSampler needs a video producer');
    const tap = await tapProducer(router, producer, { spatialLayer: opts.spatialLayer ?? 0 });
    let proc: ChildProcessByStdio<Writable, Readable, Readable>;
    try {
      proc = spawn(
        opts.ffmpegPath ?? process.env.FFMPEG_PATH ?? '/usr/bin/ffmpeg',
        ffmpegSamplerArgs({ fps: opts.fps ?? 1, sceneThreshold: opts.sceneThreshold ?? 0.3, maxWidth: opts.maxWidth ?? 640, jpegQuality: opts.jpegQuality ?? 5 }),
        { stdio: ['pipe', 'pipe', 'pipe'] },
      );
    } catch (err) {
      tap.close();
      throw err;
    }
    const sampler = new FrameSampler(producer.id, tap, proc, opts);
    sampler.wire();
    try {
      await new Promise<void>((resolve, reject) => {
        proc.once('spawn', resolve);
        proc.once('error', reject);
      });
      proc.stdin.on('error', () => undefined); // ffmpeg may exit before reading all of it
      proc.stdin.end(tap.sdp);
      // Give ffmpeg a moment to bind its UDP port before RTP flows; key frames are re-requested anyway.
      await new Promise((r) => setTimeout(r, 150));
      if (!sampler.closing) await tap.start();
    } catch (err) {
      await sampler.close();
      throw err;
    }
    return sampler;
  }

  get pid(): number | undefined {
    return this.proc.pid;
  }

  get framesEmitted(): number {
    return this.seq;
  }

  get consumer(): types.Consumer {
    return this.tap.consumer;
  }

  private wire(): void {
    const splitter = new JpegStreamSplitter();
    this.proc.stdout.on('data', (chunk: Buffer) => {
      for (const jpeg of splitter.push(chunk)) {
        const frame: SampledFrame = { producerId: this.producerId, jpeg, at: Date.now(), seq: this.seq++ };
        this.lastFrameAt = frame.at;
        try {
          this.opts.onFrame?.(frame);
        } catch (err) {
          this.emit('error', err);
        }
        this.emit('frame', frame);
      }
    });
    this.proc.stderr.on('data', (d: Buffer) => {
      this.stderrTail = (this.stderrTail + d.toString()).slice(-2000);
    });
    this.proc.once('exit', (code, signal) => {
      this.exited = true;
      if (!this.closing) {
        this.emit('ffmpegexit', { code, signal, stderr: this.stderrTail });
        void this.close();
      }
    });
    this.proc.on('error', (err) => this.emit('error', err));
    this.tap.consumer.observer.once('close', () => void this.close());
    this.tap.transport.observer.once('close', () => void this.close());

    const interval = this.opts.keyFrameIntervalMs ?? 2000;
    const startedAt = Date.now();
    this.keyFrameTimer = setInterval(() => {
      const since = Date.now() - (this.lastFrameAt || startedAt);
      if (since >= interval && !this.tap.consumer.closed && !this.tap.consumer.paused) {
        this.tap.consumer.requestKeyFrame().catch(() => undefined);
      }
    }, Math.max(250, Math.floor(interval / 2)));
    this.keyFrameTimer.unref();
  }

  /** Stop ffmpeg (SIGTERM, SIGKILL after 1 s) and close the transport. Idempotent. */
  close(): Promise<void> {
    if (this.closing) return this.closing;
    this.closing = (async () => {
      if (this.keyFrameTimer) clearInterval(this.keyFrameTimer);
      this.keyFrameTimer = null;
      try {
        this.tap.close();
      } catch {
        /* router already closed */
      }
      if (!this.exited && this.proc.exitCode === null && this.proc.signalCode === null) {
        const exited = new Promise<void>((resolve) => this.proc.once('exit', () => resolve()));
        this.proc.kill('SIGTERM');
        const timer = setTimeout(() => this.proc.kill('SIGKILL'), 1000);
        await exited;
        clearTimeout(timer);
      }
      this.proc.stdout.destroy();
      this.proc.stderr.destroy();
      this.emit('close');
    })();
    return this.closing;
  }
}

/**
 * Captures one producer without transcoding: PlainTransport -> ffmpeg `-c copy` -> WebM on a pipe
 * -> the sink (the encryptor). Nothing is written to disk by ffmpeg: input is an SDP on stdin,
 * output is stdout.
 */
import { PassThrough, Readable } from 'node:stream';
import ffmpeg from 'fluent-ffmpeg';
import type { types } from 'mediasoup';
import { Logger } from '../logger';
import { tapProducer, type RtpTap } from '../media/rtpTap';

export interface TrackSink {
  write(chunk: Buffer): Promise<void>;
  close(): Promise<void>;
}

export type CaptureEnd = { ok: true } | { ok: false; error: Error };

export class TrackCapture {
  private readonly log: Logger;
  private command?: ffmpeg.FfmpegCommand;
  private tap?: RtpTap;
  private keyFrameTimer?: NodeJS.Timeout;
  private stopping = false;
  private failure?: Error;
  /** Resolves when the container has been fully written to the sink (or capture failed). */
  readonly done: Promise<CaptureEnd>;
  private resolveDone!: (end: CaptureEnd) => void;

  private constructor(private readonly sink: TrackSink, context: string) {
    this.log = new Logger(`[capture:${context}]`);
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
  }

  static async start(router: types.Router, producer: types.Producer, sink: TrackSink): Promise<TrackCapture> {
    const capture = new TrackCapture(sink, producer.id);
    await capture.begin(router, producer);
    return capture;
  }

  private async begin(router: types.Router, producer: types.Producer): Promise<void> {
    // Record the best layer: the recording is the evidence.
    this.tap = await tapProducer(router, producer, { spatialLayer: 2 });
    const tap = this.tap;
    const command = ffmpeg()
      .input(Readable.from([tap.sdp]))
      .inputFormat('sdp')
      .inputOptions(['-protocol_whitelist', 'pipe,udp,rtp', '-reorder_queue_size', '128', '-analyzeduration', '2000000'])
      .outputOptions(['-map', '0', '-c', 'copy', '-flush_packets', '1'])
      .format('webm');
    this.command = command;
    const output = command.pipe() as PassThrough;
    command.on('error', (err: Error) => {
      // A signal at stop makes fluent-ffmpeg report an error; that is the normal end.
      if (!this.stopping) {
        this.failure = err;
        this.log.warn('ffmpeg failed', { error: err });
      }
      // fluent-ffmpeg does not end a piped output when ffmpeg dies; end it so the pump finishes.
      output.end();
    });
    void this.pump(output);
    await tap.start();
    // Until ffmpeg has seen a key frame it cannot start the container; ask a few times.
    if (producer.kind === 'video') {
      let n = 0;
      this.keyFrameTimer = setInterval(() => {
        if (++n > 5) return clearInterval(this.keyFrameTimer);
        tap.consumer.requestKeyFrame().catch(() => undefined);
      }, 1000);
    }
  }

  private async pump(output: Readable): Promise<void> {
    try {
      for await (const chunk of output) await this.sink.write(chunk as Buffer);
      await this.sink.close();
      this.resolveDone(this.failure ? { ok: false, error: this.failure } : { ok: true });
    } catch (err) {
      this.stop();
      await this.sink.close().catch(() => undefined);
      this.resolveDone({ ok: false, error: err as Error });
    }
  }

  /** Stop capturing: ffmpeg finishes the container on SIGINT, then the sink is closed. Idempotent. */
  stop(): void {
    if (this.stopping) return;
    this.stopping = true;
    clearInterval(this.keyFrameTimer);
    this.tap?.close();
    this.command?.kill('SIGINT');
    // ffmpeg still probing (no key frame yet) can ignore SIGINT while it waits for packets.
    const killer = setTimeout(() => this.command?.kill('SIGKILL'), 3000);
    void this.done.then(() => clearTimeout(killer));
  }
}

/**
 * FrameSampler on a real mediasoup worker: ffmpeg sends a real VP8 RTP stream (lavfi testsrc2) into
 * a PlainTransport producer; the sampler consumes it, decodes with ffmpeg and yields JPEG frames.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import sharp from 'sharp';
import { MEDIA_CODECS } from '../../../server/media/codecs';
import { FrameSampler, JpegStreamSplitter, type SampledFrame } from '../../../server/safeguarding/frames/frameSampler';

const haveWorker = !!process.env.MEDIASOUP_WORKER_BIN;
const d = haveWorker ? describe : describe.skip;

function ffmpegChildrenOf(pid: number): number[] {
  try {
    const out = execFileSync('pgrep', ['-P', String(pid), '-x', 'ffmpeg'], { encoding: 'utf8' });
    return out.split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

d('FrameSampler (real mediasoup worker + ffmpeg)', () => {
  let worker: types.Worker;
  let router: types.Router;
  let sendTransport: types.PlainTransport;
  let producer: types.Producer;
  let sender: ChildProcess;

  beforeAll(async () => {
    worker = await mediasoup.createWorker({ logLevel: 'warn' });
    router = await worker.createRouter({ mediaCodecs: MEDIA_CODECS });
    sendTransport = await router.createPlainTransport({ listenInfo: { protocol: 'udp', ip: '127.0.0.1' }, rtcpMux: false, comedia: true });
    producer = await sendTransport.produce({
      kind: 'video',
      rtpParameters: {
        codecs: [{ mimeType: 'video/VP8', payloadType: 101, clockRate: 90000, rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }] }],
        encodings: [{ ssrc: 22222222 }],
      },
    });
    const { localPort } = sendTransport.tuple;
    const rtcpPort = sendTransport.rtcpTuple?.localPort;
    // Real VP8: a 320x240 test pattern at 15 fps, key frame every second (the sampler also asks for PLIs,
    // which ffmpeg's rtp muxer ignores, so it must not depend on them).
    sender = spawn(
      '/usr/bin/ffmpeg',
      [
        '-hide_banner', '-loglevel', 'error', '-re',
        '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=15',
        '-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '300k', '-g', '15', '-threads', '1',
        '-payload_type', '101', '-ssrc', '22222222',
        '-f', 'rtp', `rtp://127.0.0.1:${localPort}?rtcpport=${rtcpPort}&pkt_size=1200`,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
  });

  afterAll(async () => {
    sender?.kill('SIGKILL');
    worker?.close();
  });

  it('yields >= 2 decoded frames within ~5 s, then closes cleanly', async () => {
    const frames: SampledFrame[] = [];
    const t0 = Date.now();
    const sampler = await FrameSampler.start(router, producer, { onFrame: (f) => frames.push(f) });
    const pid = sampler.pid!;
    expect(ffmpegChildrenOf(process.pid)).toContain(pid);
    const deadline = Date.now() + 6000;
    while (frames.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const elapsed = Date.now() - t0;
    expect(frames.length).toBeGreaterThanOrEqual(2);
    expect(elapsed).toBeLessThan(6000); // ~2-3 s here: wait for a key frame, then 1 fps
    const meta = await sharp(frames[0].jpeg).metadata();
    expect(meta.format).toBe('jpeg');
    expect(meta.width).toBe(320);
    expect(meta.height).toBe(240);
    expect(frames[0].producerId).toBe(producer.id);
    expect(frames.map((f) => f.seq).slice(0, 2)).toEqual([0, 1]);
    // about 1 fps (testsrc2 moves, but its scene score stays low): not one per source frame
    await new Promise((r) => setTimeout(r, 2000));
    const rate = frames.length / ((Date.now() - frames[0].at) / 1000 + 1);
    expect(rate).toBeLessThan(4);

    await sampler.close();
    await sampler.close(); // idempotent
    expect(sampler.consumer.closed).toBe(true);
    expect(ffmpegChildrenOf(process.pid)).not.toContain(pid);
    expect(() => process.kill(pid, 0)).toThrow();
  }, 20000);

  it('closes by itself when the producer closes', async () => {
    const p2 = await sendTransport.produce({
      kind: 'video',
      rtpParameters: { codecs: [{ mimeType: 'video/VP8', payloadType: 101, clockRate: 90000 }], encodings: [{ ssrc: 33333333 }] },
    });
    const sampler = await FrameSampler.start(router, p2);
    const closed = new Promise<void>((r) => sampler.once('close', () => r()));
    p2.close();
    await closed;
    expect(ffmpegChildrenOf(process.pid)).not.toContain(sampler.pid);
  }, 10000);
});

describe('JpegStreamSplitter', () => {
  it('splits concatenated JPEGs across arbitrary chunk boundaries', async () => {
    const a = await sharp({ create: { width: 16, height: 8, channels: 3, background: '#f00' } }).jpeg().toBuffer();
    const b = await sharp({ create: { width: 8, height: 16, channels: 3, background: '#00f' } }).jpeg().toBuffer();
    const stream = Buffer.concat([Buffer.from([1, 2, 3]), a, b, a]);
    for (const size of [1, 2, 7, 100, stream.length]) {
      const s = new JpegStreamSplitter();
      const out: Buffer[] = [];
      for (let i = 0; i < stream.length; i += size) out.push(...s.push(stream.subarray(i, i + size)));
      expect(out.map((x) => x.length)).toEqual([a.length, b.length, a.length]);
      expect(out[1].equals(b)).toBe(true);
    }
  });
});

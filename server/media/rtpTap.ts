/**
 * A server-side tap on one producer: a PlainTransport consumer whose RTP goes to a local UDP port,
 * plus the SDP an ffmpeg process needs to read it. Used by the recorder (copy to a container) and
 * by the frame sampler (decode frames).
 *
 * The consumer is created with RTP capabilities that leave out transport-cc, goog-remb and
 * abs-send-time: with the router's full capabilities mediasoup runs bandwidth estimation that
 * ffmpeg never answers, and the tap is held on low layers.
 */
import { createSocket } from 'node:dgram';
import type { types } from 'mediasoup';

const BWE_EXTENSIONS = [
  'http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01',
  'http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time',
];

export function tapRtpCapabilities(caps: types.RtpCapabilities): types.RtpCapabilities {
  return {
    codecs: (caps.codecs ?? []).map((c) => ({ ...c, rtcpFeedback: (c.rtcpFeedback ?? []).filter((fb) => fb.type !== 'transport-cc' && fb.type !== 'goog-remb') })),
    headerExtensions: (caps.headerExtensions ?? []).filter((h) => !BWE_EXTENSIONS.includes(h.uri)),
  };
}

/** Two consecutive free UDP ports on loopback (RTP, RTCP) for ffmpeg to listen on. */
export async function freeUdpPortPair(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const a = createSocket('udp4');
    const port = await new Promise<number>((resolve, reject) => {
      a.once('error', reject);
      a.bind(0, '127.0.0.1', () => resolve(a.address().port));
    });
    if (port % 2 === 1 || port >= 65535) {
      a.close();
      continue;
    }
    const b = createSocket('udp4');
    const ok = await new Promise<boolean>((resolve) => {
      b.once('error', () => resolve(false));
      b.bind(port + 1, '127.0.0.1', () => resolve(true));
    });
    a.close();
    b.close();
    if (ok) return port;
  }
  throw new Error('no free UDP port pair');
}

export function sdpFor(consumer: types.Consumer, port: number): string {
  const codec = consumer.rtpParameters.codecs[0];
  const [, name] = codec.mimeType.split('/');
  const channels = codec.channels && codec.channels > 1 ? `/${codec.channels}` : '';
  return [
    'v=0',
    'o=- 0 0 IN IP4 127.0.0.1',
    's=Chaperone tap',
    'c=IN IP4 127.0.0.1',
    't=0 0',
    `m=${consumer.kind} ${port} RTP/AVP ${codec.payloadType}`,
    `a=rtpmap:${codec.payloadType} ${name}/${codec.clockRate}${channels}`,
    'a=recvonly',
    '',
  ].join('\r\n');
}

export interface RtpTap {
  transport: types.PlainTransport;
  consumer: types.Consumer;
  port: number;
  sdp: string;
  /** Resume the consumer once the reader listens, and ask the sender for a key frame. */
  start(): Promise<void>;
  close(): void;
}

export async function tapProducer(router: types.Router, producer: types.Producer, opts: { spatialLayer?: number } = {}): Promise<RtpTap> {
  const port = await freeUdpPortPair();
  const transport = await router.createPlainTransport({ listenInfo: { protocol: 'udp', ip: '127.0.0.1' }, rtcpMux: false, comedia: false });
  try {
    await transport.connect({ ip: '127.0.0.1', port, rtcpPort: port + 1 });
    const consumer = await transport.consume({ producerId: producer.id, rtpCapabilities: tapRtpCapabilities(router.rtpCapabilities), paused: true });
    if (opts.spatialLayer !== undefined && consumer.type === 'simulcast') await consumer.setPreferredLayers({ spatialLayer: opts.spatialLayer });
    return {
      transport,
      consumer,
      port,
      sdp: sdpFor(consumer, port),
      start: async () => {
        await consumer.resume();
        if (consumer.kind === 'video') await consumer.requestKeyFrame();
      },
      close: () => transport.close(),
    };
  } catch (err) {
    transport.close();
    throw err;
  }
}

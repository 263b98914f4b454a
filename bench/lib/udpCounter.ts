/**
 * Receiver child process for the SFU bench. It owns UDP sockets that mediasoup PlainTransports send
 * SRTP to, and counts every packet per SSRC (the RTP header, including SSRC and sequence number, is
 * not encrypted by SRTP, so no decryption is needed to count). It also tracks the highest extended
 * sequence number per SSRC so the parent can compute RFC 3550-style loss (expected = seq advance).
 *
 * Run by receiverPool.ts via child_process.fork; talks over IPC only (see receiverProtocol.ts).
 */
import dgram from 'node:dgram';
import type { ReceiverReply, ReceiverRequest, SsrcCounter } from './receiverProtocol';

/** Per-socket kernel buffer: a socket carries one subscriber, so this absorbs long scheduling stalls. */
const RECV_BUFFER_BYTES = 1 << 20;
const LISTEN_IP = process.env.RECEIVER_IP ?? '127.0.0.1';

interface Counter {
  packets: number;
  /** Highest extended (wrap-corrected) sequence number seen. */
  highest: number;
  /** Last 16-bit sequence number that advanced `highest`. */
  lastSeq: number;
}

const counters = new Map<number, Counter>();
const sockets: dgram.Socket[] = [];
let rtcpPackets = 0;

function onPacket(msg: Buffer): void {
  if (msg.length < 12) return;
  const b1 = msg[1] as number;
  // RFC 5761 demux: second byte 192..223 is RTCP (SRTCP sender reports from the consumers).
  if (b1 >= 192 && b1 <= 223) {
    rtcpPackets++;
    return;
  }
  const ssrc = msg.readUInt32BE(8);
  const seq = msg.readUInt16BE(2);
  const c = counters.get(ssrc);
  if (c === undefined) {
    counters.set(ssrc, { packets: 1, highest: seq, lastSeq: seq });
    return;
  }
  c.packets++;
  const delta = (seq - c.lastSeq) & 0xffff;
  // Forward (possibly wrapping) step; a "huge" delta is a late/reordered packet and does not move highest.
  if (delta !== 0 && delta < 0x8000) {
    c.highest += delta;
    c.lastSeq = seq;
  }
}

function openSocket(): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket({ type: 'udp4', recvBufferSize: RECV_BUFFER_BYTES });
    socket.on('message', onPacket);
    socket.once('error', reject);
    socket.bind(0, LISTEN_IP, () => {
      sockets.push(socket);
      resolve(socket.address().port);
    });
  });
}

function snapshot(): SsrcCounter[] {
  const out: SsrcCounter[] = [];
  for (const [ssrc, c] of counters) out.push([ssrc, c.packets, c.highest]);
  return out;
}

function reply(msg: ReceiverReply): void {
  process.send?.(msg);
}

process.on('message', (raw: unknown) => {
  const req = raw as ReceiverRequest;
  if (req.type === 'open') {
    Promise.all(Array.from({ length: req.count }, openSocket)).then(
      (ports) => reply({ id: req.id, type: 'opened', ports }),
      (err: unknown) => {
        console.error('[udpCounter] bind failed', err);
        process.exit(1);
      },
    );
  } else if (req.type === 'snapshot') {
    reply({ id: req.id, type: 'snapshot', counters: snapshot(), rtcpPackets });
  }
});

// The parent going away (crash or normal exit) must not leave this process behind.
process.on('disconnect', () => {
  for (const s of sockets) s.close();
  process.exit(0);
});

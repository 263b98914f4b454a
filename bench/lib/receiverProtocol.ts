/** IPC messages between bench/lib/receiverPool.ts (parent) and bench/lib/udpCounter.ts (child). */

export type ReceiverRequest =
  | { readonly id: number; readonly type: 'open'; readonly count: number }
  | { readonly id: number; readonly type: 'snapshot' };

/** A request before the pool assigns its id (distributes over the union, unlike a plain Omit). */
export type ReceiverRequestBody = ReceiverRequest extends infer R ? (R extends ReceiverRequest ? Omit<R, 'id'> : never) : never;

/** Per SSRC: [ssrc, packets received, highest extended RTP sequence number seen]. */
export type SsrcCounter = readonly [ssrc: number, packets: number, highestSeq: number];

export type ReceiverReply =
  | { readonly id: number; readonly type: 'opened'; readonly ports: number[] }
  | { readonly id: number; readonly type: 'snapshot'; readonly counters: SsrcCounter[]; readonly rtcpPackets: number };

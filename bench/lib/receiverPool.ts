/**
 * Parent side of the packet receivers: a few child processes (udpCounter.ts), so counting tens of
 * thousands of packets per second never competes with the bench's own event loop (which talks to the
 * mediasoup worker) and can use whatever core the worker is not on.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { ReceiverReply, ReceiverRequest, ReceiverRequestBody } from './receiverProtocol';

export interface CounterSnapshot {
  readonly packets: number;
  readonly highestSeq: number;
}

export interface PoolSnapshot {
  readonly bySsrc: Map<number, CounterSnapshot>;
  readonly rtcpPackets: number;
}

interface Pending {
  readonly resolve: (reply: ReceiverReply) => void;
  readonly reject: (err: Error) => void;
}

class Receiver {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly exited: Promise<void>;

  constructor(readonly child: ChildProcess) {
    child.on('message', (raw: unknown) => {
      const reply = raw as ReceiverReply;
      const done = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      done?.resolve(reply);
    });
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    child.once('exit', (code) => {
      for (const p of this.pending.values()) p.reject(new Error(`receiver ${child.pid} exited (${code}) with requests pending`));
      this.pending.clear();
    });
  }

  request(req: ReceiverRequestBody): Promise<ReceiverReply> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ ...req, id } as ReceiverRequest);
    });
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.disconnect();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 2000);
    await this.exited;
    clearTimeout(timer);
  }
}

export class ReceiverPool {
  private next = 0;
  private readonly opened: number[] = [];

  private constructor(private readonly receivers: Receiver[]) {}

  static start(count: number): ReceiverPool {
    const script = join(__dirname, 'udpCounter.ts');
    // fork() inherits process.execArgv (`--import tsx`), so the child runs TypeScript the same way.
    const receivers = Array.from({ length: count }, () => new Receiver(fork(script, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })));
    return new ReceiverPool(receivers);
  }

  get pids(): number[] {
    return this.receivers.map((r) => r.child.pid ?? 0).filter((p) => p > 0);
  }

  /** Local ports of every socket opened so far. */
  get ports(): readonly number[] {
    return this.opened;
  }

  /** Open `count` sockets spread round-robin over the children; returns their local ports. */
  async openSockets(count: number): Promise<number[]> {
    const perChild = this.receivers.map(() => 0);
    for (let i = 0; i < count; i++) {
      perChild[this.next] = (perChild[this.next] ?? 0) + 1;
      this.next = (this.next + 1) % this.receivers.length;
    }
    const replies = await Promise.all(
      this.receivers.map((r, i) => ((perChild[i] ?? 0) > 0 ? r.request({ type: 'open', count: perChild[i] ?? 0 }) : null)),
    );
    const ports: number[] = [];
    for (const reply of replies) if (reply?.type === 'opened') ports.push(...reply.ports);
    if (ports.length !== count) throw new Error(`asked for ${count} receiver sockets, got ${ports.length}`);
    this.opened.push(...ports);
    return ports;
  }

  /** Counters of every child, taken as close together in time as IPC allows. */
  async snapshot(): Promise<PoolSnapshot> {
    const replies = await Promise.all(this.receivers.map((r) => r.request({ type: 'snapshot' })));
    const bySsrc = new Map<number, CounterSnapshot>();
    let rtcpPackets = 0;
    for (const reply of replies) {
      if (reply.type !== 'snapshot') continue;
      rtcpPackets += reply.rtcpPackets;
      for (const [ssrc, packets, highestSeq] of reply.counters) bySsrc.set(ssrc, { packets, highestSeq });
    }
    return { bySsrc, rtcpPackets };
  }

  async close(): Promise<void> {
    await Promise.all(this.receivers.map((r) => r.close()));
  }
}

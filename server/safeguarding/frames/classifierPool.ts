/**
 * Frame classification off the signalling event loop: a pool of worker_threads, each holding its
 * own tfjs engine and both frame models (models.ts). One frame per worker at a time.
 *
 * Back-pressure: frames wait in a bounded queue. When a producer already has `maxPerProducer`
 * frames waiting, its oldest waiting frame is dropped; when the whole queue is full, the oldest
 * waiting frame of any producer is dropped. A dropped frame's promise rejects with
 * FrameDroppedError (check with isFrameDropped). classify() itself never blocks: it only enqueues.
 *
 * Worker threads run TypeScript through classifierWorker.js, a plain-JS bootstrap that registers
 * tsx's CommonJS hook and then requires classifierWorkerMain.ts (so it works under jest/ts-jest,
 * `node --import tsx` and plain node alike).
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FrameScores, RgbFrame } from './models';

export type { FrameScores, RgbFrame } from './models';

export interface FrameJob {
  producerId: string;
  jpeg?: Buffer | Uint8Array;
  rgb?: RgbFrame;
}

export type WorkerRequest =
  | { type: 'classify'; id: number; jpeg?: Uint8Array; rgb?: RgbFrame }
  | { type: 'close' };

export type WorkerResponse =
  | { type: 'ready'; backend: string }
  | { type: 'error'; message: string }
  | { type: 'result'; id: number; scores?: FrameScores; error?: string };

export class FrameDroppedError extends Error {
  readonly code = 'frame_dropped';
  constructor(readonly producerId: string) {
    super(`frame of producer ${producerId} dropped: classifier behind`);
  }
}

export function isFrameDropped(err: unknown): err is FrameDroppedError {
  return err instanceof Error && (err as { code?: string }).code === 'frame_dropped';
}

export interface PoolOptions {
  /** Worker threads (default 1: this is a 2-core box and mediasoup needs the other). */
  workers?: number;
  /** Frames waiting across all producers (default 16). */
  maxQueue?: number;
  /** Frames waiting per producer (default 2). */
  maxPerProducer?: number;
  /** Force a tfjs backend in the workers. */
  backend?: string;
}

interface Pending {
  id: number;
  job: FrameJob;
  resolve: (s: FrameScores) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  busy: Pending | null;
}

const WORKER_FILE = join(__dirname, 'classifierWorker.js');

function spawn(backend: string | undefined): Promise<{ worker: Worker; backend: string }> {
  return new Promise((resolve, reject) => {
    // execArgv: [] so a parent's --import/--require flags (jest, tsx) are not inherited twice.
    const worker = new Worker(WORKER_FILE, { workerData: { backend }, execArgv: [] });
    const onMessage = (msg: WorkerResponse): void => {
      if (msg.type === 'ready') {
        cleanup();
        resolve({ worker, backend: msg.backend });
      } else if (msg.type === 'error') {
        cleanup();
        void worker.terminate();
        reject(new Error(`frame classifier worker failed to start: ${msg.message}`));
      }
    };
    const onError = (err: Error): void => {
      cleanup();
      reject(err);
    };
    const onExit = (code: number): void => {
      cleanup();
      reject(new Error(`frame classifier worker exited during start (code ${code})`));
    };
    const cleanup = (): void => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
  });
}

export class FrameClassifierPool {
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;
  /** Frames dropped because the pool was behind (for metrics). */
  dropped = 0;

  private constructor(
    private readonly slots: Slot[],
    readonly backend: string,
    private readonly opts: Required<Omit<PoolOptions, 'backend'>> & { backend?: string },
  ) {
    for (const slot of slots) this.attach(slot);
  }

  static async create(opts: PoolOptions = {}): Promise<FrameClassifierPool> {
    const n = Math.max(1, opts.workers ?? 1);
    const started = await Promise.allSettled(Array.from({ length: n }, () => spawn(opts.backend)));
    const failed = started.find((s) => s.status === 'rejected') as PromiseRejectedResult | undefined;
    if (failed) {
      for (const s of started) if (s.status === 'fulfilled') void s.value.worker.terminate();
      throw failed.reason;
    }
    const ok = started.map((s) => (s as PromiseFulfilledResult<{ worker: Worker; backend: string }>).value);
    const full = { workers: n, maxQueue: opts.maxQueue ?? 16, maxPerProducer: opts.maxPerProducer ?? 2, backend: opts.backend };
    return new FrameClassifierPool(
      ok.map((s) => ({ worker: s.worker, busy: null })),
      ok[0].backend,
      full,
    );
  }

  get size(): number {
    return this.slots.length;
  }

  /** Frames waiting (not yet on a worker). */
  get waiting(): number {
    return this.queue.length;
  }

  classify(job: FrameJob): Promise<FrameScores> {
    if (this.closed) return Promise.reject(new Error('frame classifier pool closed'));
    if (!job.jpeg && !job.rgb) return Promise.reject(new Error('classify needs jpeg or rgb'));
    return new Promise<FrameScores>((resolve, reject) => {
      const mine = this.queue.filter((p) => p.job.producerId === job.producerId);
      if (mine.length >= this.opts.maxPerProducer) this.drop(mine[0]);
      if (this.queue.length >= this.opts.maxQueue) this.drop(this.queue[0]);
      this.queue.push({ id: this.nextId++, job, resolve, reject });
      this.pump();
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new Error('frame classifier pool closed'));
    await Promise.all(
      this.slots.map(async (slot) => {
        slot.busy?.reject(new Error('frame classifier pool closed'));
        slot.busy = null;
        await slot.worker.terminate();
      }),
    );
  }

  private drop(p: Pending): void {
    const i = this.queue.indexOf(p);
    if (i >= 0) this.queue.splice(i, 1);
    this.dropped++;
    p.reject(new FrameDroppedError(p.job.producerId));
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (slot.busy || this.queue.length === 0) continue;
      const p = this.queue.shift()!;
      slot.busy = p;
      const { jpeg, rgb } = p.job;
      const msg: WorkerRequest = { type: 'classify', id: p.id, jpeg: jpeg ? new Uint8Array(jpeg) : undefined, rgb };
      slot.worker.postMessage(msg);
    }
  }

  private attach(slot: Slot): void {
    slot.worker.on('message', (msg: WorkerResponse) => {
      if (msg.type !== 'result') return;
      const p = slot.busy;
      slot.busy = null;
      if (p && p.id === msg.id) {
        if (msg.scores) p.resolve(msg.scores);
        else p.reject(new Error(msg.error ?? 'frame classification failed'));
      }
      this.pump();
    });
    let dead = false;
    const onDeath = (err: Error): void => {
      if (this.closed || dead) return;
      dead = true;
      slot.busy?.reject(err);
      slot.busy = null;
      // Replace the dead worker; frames wait in the queue meanwhile.
      void spawn(this.opts.backend).then(
        ({ worker }) => {
          if (this.closed) {
            void worker.terminate();
            return;
          }
          slot.worker = worker;
          this.attach(slot);
          this.pump();
        },
        () => {
          for (const p of this.queue.splice(0)) p.reject(new Error('frame classifier worker could not restart'));
        },
      );
    };
    slot.worker.once('error', onDeath);
    slot.worker.once('exit', (code) => onDeath(new Error(`frame classifier worker exited (code ${code})`)));
  }
}

/**
 * One mediasoup worker per core. Each lesson gets a router on the worker carrying the fewest routers.
 * The worker binary comes from MEDIASOUP_WORKER_BIN (built offline by scripts/build-mediasoup-worker.sh).
 */
import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import { Logger } from '../logger';
import { MEDIA_CODECS } from './codecs';

export class WorkerPool {
  private readonly log = new Logger('[media]');
  private readonly routerCounts = new Map<types.Worker, number>();
  private closed = false;

  private constructor(private readonly workers: types.Worker[]) {
    for (const w of workers) this.routerCounts.set(w, 0);
  }

  static async create(count: number, onWorkerDied: (err: Error) => void): Promise<WorkerPool> {
    if (!process.env.MEDIASOUP_WORKER_BIN) {
      throw new Error('MEDIASOUP_WORKER_BIN is not set; run scripts/build-mediasoup-worker.sh (npm start and npm test do this)');
    }
    const workers: types.Worker[] = [];
    for (let i = 0; i < count; i++) {
      const worker = await mediasoup.createWorker({ logLevel: 'warn' });
      worker.on('died', (err) => onWorkerDied(err));
      workers.push(worker);
    }
    return new WorkerPool(workers);
  }

  async createRouter(): Promise<types.Router> {
    if (this.closed) throw new Error('worker pool closed');
    let best = this.workers[0];
    for (const w of this.workers) if ((this.routerCounts.get(w) ?? 0) < (this.routerCounts.get(best) ?? 0)) best = w;
    const router = await best.createRouter({ mediaCodecs: MEDIA_CODECS });
    this.routerCounts.set(best, (this.routerCounts.get(best) ?? 0) + 1);
    router.observer.once('close', () => this.routerCounts.set(best, Math.max(0, (this.routerCounts.get(best) ?? 1) - 1)));
    this.log.debug('router created', { workerPid: best.pid });
    return router;
  }

  get size(): number {
    return this.workers.length;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const w of this.workers) w.close();
  }
}

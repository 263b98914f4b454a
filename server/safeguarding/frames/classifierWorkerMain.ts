/**
 * Body of a frame classifier worker thread: loads the frame models once, then classifies one frame
 * per request message. Started by classifierPool.ts through classifierWorker.js.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadFrameModels, type FrameModels } from './models';
import type { WorkerRequest, WorkerResponse } from './classifierPool';

const port = parentPort;
if (!port) throw new Error('classifierWorkerMain must run in a worker thread');

const send = (msg: WorkerResponse): void => port.postMessage(msg);

void (async () => {
  let models: FrameModels;
  try {
    models = await loadFrameModels({ backend: (workerData as { backend?: string } | undefined)?.backend });
  } catch (err) {
    send({ type: 'error', message: (err as Error).message });
    return;
  }
  send({ type: 'ready', backend: models.backend });
  port.on('message', (req: WorkerRequest) => {
    if (req.type === 'close') {
      models.dispose();
      port.close();
      return;
    }
    const run = async (): Promise<void> => {
      try {
        const scores = req.jpeg
          ? await models.classifyJpeg(Buffer.from(req.jpeg.buffer, req.jpeg.byteOffset, req.jpeg.byteLength))
          : await models.classifyFrame(req.rgb!);
        send({ type: 'result', id: req.id, scores });
      } catch (err) {
        send({ type: 'result', id: req.id, error: (err as Error).message });
      }
    };
    void run();
  });
})();

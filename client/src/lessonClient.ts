/**
 * The browser side of a live lesson: socket.io signalling plus a mediasoup-client Device.
 * It sends what the user asks; the server decides what is allowed.
 */
import { Device } from 'mediasoup-client';
import type { types } from 'mediasoup-client';
import { io, type Socket } from 'socket.io-client';
import type { MediaSource } from '../../shared/levels';
import type { JoinResult, Notification, ProducerInfo, RequestData, RequestMethod, Response } from '../../shared/protocol';
import type { ErrorBody } from '../../shared/errors';

export class RequestError extends Error {
  constructor(readonly body: ErrorBody) {
    super(body.message);
  }
}

export interface RemoteTrack {
  consumerId: string;
  producer: ProducerInfo;
  track: MediaStreamTrack;
}

export class LessonClient {
  readonly socket: Socket;
  private device?: Device;
  private sendTransport?: types.Transport;
  private recvTransport?: types.Transport;
  private readonly producers = new Map<MediaSource, types.Producer>();
  private readonly consumers = new Map<string, types.Consumer>();
  onNotify: (n: Notification) => void = () => {};
  onTrack: (t: RemoteTrack) => void = () => {};
  onTrackEnded: (consumerId: string, producerId: string) => void = () => {};

  constructor(token: string) {
    this.socket = io('/lessons', { auth: { token }, transports: ['websocket'] });
    this.socket.on('notify', (n: Notification) => this.handle(n));
  }

  request<M extends RequestMethod>(method: M, data: RequestData<M>): Promise<any> {
    return new Promise((resolve, reject) => {
      this.socket.timeout(10000).emit('request', { method, data }, (err: Error | null, res: Response) => {
        if (err) return reject(new RequestError({ code: 'INTERNAL', message: 'no answer from server' }));
        if (res.ok) resolve(res.data);
        else reject(new RequestError(res.error));
      });
    });
  }

  async join(lessonId: string): Promise<JoinResult> {
    const joined = (await this.request('joinLesson', { lessonId })) as JoinResult;
    this.device = new Device();
    await this.device.load({ routerRtpCapabilities: joined.routerRtpCapabilities as unknown as types.RtpCapabilities });
    this.recvTransport = await this.createTransport('recv');
    for (const p of joined.producers) void this.consume(p);
    return joined;
  }

  private async createTransport(direction: 'send' | 'recv'): Promise<types.Transport> {
    const info = await this.request('createTransport', { direction });
    const transport = direction === 'send' ? this.device!.createSendTransport(info) : this.device!.createRecvTransport(info);
    transport.on('connect', ({ dtlsParameters }, ok, fail) => {
      this.request('connectTransport', { transportId: transport.id, dtlsParameters: dtlsParameters as never }).then(() => ok(), fail);
    });
    if (direction === 'send') {
      transport.on('produce', ({ kind, rtpParameters, appData }, ok, fail) => {
        this.request('produce', { transportId: transport.id, kind, rtpParameters: rtpParameters as never, source: appData.source as MediaSource })
          .then((r: { producerId: string }) => ok({ id: r.producerId }), fail);
      });
    }
    return transport;
  }

  /** Start sending a source. Rejects with CONTRIBUTION_LEVEL if the server refuses it. */
  async produce(source: MediaSource, track: MediaStreamTrack): Promise<void> {
    if (!this.sendTransport) this.sendTransport = await this.createTransport('send');
    const encodings =
      source === 'camera'
        ? [
            { maxBitrate: 100_000, scaleResolutionDownBy: 4 },
            { maxBitrate: 300_000, scaleResolutionDownBy: 2 },
            { maxBitrate: 900_000, scaleResolutionDownBy: 1 },
          ]
        : undefined;
    const producer = await this.sendTransport.produce({ track, encodings, appData: { source }, stopTracks: true });
    this.producers.set(source, producer);
  }

  async stopProducing(source: MediaSource): Promise<void> {
    const p = this.producers.get(source);
    if (!p) return;
    this.producers.delete(source);
    p.close();
    await this.request('closeProducer', { producerId: p.id }).catch(() => undefined);
  }

  isProducing(source: MediaSource): boolean {
    return this.producers.has(source);
  }

  private async consume(producer: ProducerInfo): Promise<void> {
    if (!this.recvTransport || !this.device) return;
    try {
      const info = await this.request('consume', { producerId: producer.producerId, rtpCapabilities: this.device.rtpCapabilities as never });
      const consumer = await this.recvTransport.consume({ id: info.consumerId, producerId: info.producerId, kind: info.kind, rtpParameters: info.rtpParameters });
      this.consumers.set(consumer.id, consumer);
      await this.request('resumeConsumer', { consumerId: consumer.id });
      this.onTrack({ consumerId: consumer.id, producer, track: consumer.track });
    } catch (err) {
      console.warn('consume failed', err);
    }
  }

  private handle(n: Notification): void {
    switch (n.type) {
      case 'newProducer':
        void this.consume(n.producer);
        break;
      case 'consumerClosed': {
        const c = this.consumers.get(n.consumerId);
        c?.close();
        this.consumers.delete(n.consumerId);
        this.onTrackEnded(n.consumerId, n.producerId);
        break;
      }
      case 'producerClosed':
        for (const [source, p] of this.producers) {
          if (p.id === n.producerId) {
            p.close();
            this.producers.delete(source);
          }
        }
        break;
      default:
        break;
    }
    this.onNotify(n);
  }

  /** DTLS/SRTP facts of the receiving transport (what the browser negotiated with the SFU). */
  async transportStats(): Promise<Array<Record<string, unknown>>> {
    if (!this.recvTransport) return [];
    const stats = await this.recvTransport.getStats();
    return [...stats.values()].filter((s: { type: string }) => s.type === 'transport' || s.type === 'inbound-rtp');
  }

  close(): void {
    this.sendTransport?.close();
    this.recvTransport?.close();
    this.socket.disconnect();
  }
}

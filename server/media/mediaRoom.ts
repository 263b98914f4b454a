/**
 * The media side of one lesson: a mediasoup router and, per participant, their WebRTC transports,
 * producers and consumers. It knows nothing of permissions; the lesson asks it to act.
 * close() is idempotent and cascades to everything it owns.
 */
import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup';
import { AppError } from '../../shared/errors';
import type { MediaSource } from '../../shared/levels';
import type { WorkerPool } from './workerPool';

export interface MediaNetwork {
  listenIp: string;
  announcedAddress?: string;
  rtcMinPort: number;
  rtcMaxPort: number;
}

export interface ProducerAppData extends types.AppData {
  userId: string;
  source: MediaSource;
}

export interface ConsumerAppData extends types.AppData {
  userId: string;
  producerId: string;
}

interface PeerMedia {
  transports: Map<string, types.WebRtcTransport>;
  producers: Map<string, types.Producer<ProducerAppData>>;
  consumers: Map<string, types.Consumer<ConsumerAppData>>;
}

export interface MediaRoomEvents {
  /** A producer closed for any reason (its owner's request, permissions, transport closed). */
  producerClosed: [producer: types.Producer<ProducerAppData>, reason: string];
  /** A consumer closed because its producer went away; tell its owner. */
  consumerClosed: [userId: string, consumerId: string, producerId: string];
}

export class MediaRoom extends EventEmitter<MediaRoomEvents> {
  private readonly peers = new Map<string, PeerMedia>();
  private closed = false;

  private constructor(
    readonly router: types.Router,
    private readonly network: MediaNetwork,
  ) {
    super();
  }

  static async create(pool: WorkerPool, network: MediaNetwork): Promise<MediaRoom> {
    return new MediaRoom(await pool.createRouter(), network);
  }

  get rtpCapabilities(): types.RtpCapabilities {
    return this.router.rtpCapabilities;
  }

  private peer(userId: string): PeerMedia {
    let p = this.peers.get(userId);
    if (!p) {
      p = { transports: new Map(), producers: new Map(), consumers: new Map() };
      this.peers.set(userId, p);
    }
    return p;
  }

  async createWebRtcTransport(userId: string, direction: 'send' | 'recv'): Promise<types.WebRtcTransport> {
    this.assertOpen();
    const portRange = { min: this.network.rtcMinPort, max: this.network.rtcMaxPort };
    const base = { ip: this.network.listenIp, announcedAddress: this.network.announcedAddress, portRange };
    const transport = await this.router.createWebRtcTransport({
      listenInfos: [
        { protocol: 'udp', ...base },
        { protocol: 'tcp', ...base },
      ],
      enableUdp: true,
      enableTcp: true,
      preferUdp: true,
      initialAvailableOutgoingBitrate: 1_000_000,
      appData: { userId, direction },
    });
    this.peer(userId).transports.set(transport.id, transport);
    transport.observer.once('close', () => this.peers.get(userId)?.transports.delete(transport.id));
    return transport;
  }

  private ownTransport(userId: string, transportId: string): types.WebRtcTransport {
    const t = this.peers.get(userId)?.transports.get(transportId);
    if (!t) throw new AppError('NOT_FOUND', 'unknown transport');
    return t;
  }

  async connectTransport(userId: string, transportId: string, dtlsParameters: types.DtlsParameters): Promise<void> {
    await this.ownTransport(userId, transportId).connect({ dtlsParameters });
  }

  async produce(
    userId: string,
    transportId: string,
    kind: types.MediaKind,
    rtpParameters: types.RtpParameters,
    source: MediaSource,
  ): Promise<types.Producer<ProducerAppData>> {
    const transport = this.ownTransport(userId, transportId);
    const producer = await transport.produce<ProducerAppData>({ kind, rtpParameters, appData: { userId, source } });
    const peer = this.peer(userId);
    peer.producers.set(producer.id, producer);
    producer.observer.once('close', () => peer.producers.delete(producer.id));
    // A transport closing takes its producers with it; report those too.
    producer.once('transportclose', () => this.emit('producerClosed', producer, 'transport_closed'));
    return producer;
  }

  producersOf(userId: string): Array<types.Producer<ProducerAppData>> {
    return [...(this.peers.get(userId)?.producers.values() ?? [])];
  }

  allProducers(): Array<types.Producer<ProducerAppData>> {
    return [...this.peers.values()].flatMap((p) => [...p.producers.values()]);
  }

  producer(producerId: string): types.Producer<ProducerAppData> | undefined {
    for (const p of this.peers.values()) {
      const found = p.producers.get(producerId);
      if (found) return found;
    }
    return undefined;
  }

  /** Close a producer and report why; its consumers close with it. Idempotent. */
  closeProducer(producer: types.Producer<ProducerAppData>, reason: string): void {
    if (producer.closed) return;
    producer.close();
    this.emit('producerClosed', producer, reason);
  }

  async consume(
    userId: string,
    producerId: string,
    rtpCapabilities: types.RtpCapabilities,
  ): Promise<types.Consumer<ConsumerAppData>> {
    this.assertOpen();
    const producer = this.producer(producerId);
    if (!producer) throw new AppError('NOT_FOUND', 'unknown producer');
    if (producer.appData.userId === userId) throw new AppError('BAD_REQUEST', 'cannot consume your own producer');
    if (!this.router.canConsume({ producerId, rtpCapabilities })) throw new AppError('BAD_REQUEST', 'cannot consume this producer with these capabilities');
    const peer = this.peer(userId);
    const transport = [...peer.transports.values()].find((t) => t.appData.direction === 'recv');
    if (!transport) throw new AppError('BAD_REQUEST', 'create a recv transport first');
    const consumer = await transport.consume<ConsumerAppData>({
      producerId,
      rtpCapabilities,
      paused: true, // resumed by the client once it is ready, so no key frame is lost
      appData: { userId, producerId },
    });
    peer.consumers.set(consumer.id, consumer);
    consumer.observer.once('close', () => peer.consumers.delete(consumer.id));
    consumer.once('producerclose', () => this.emit('consumerClosed', userId, consumer.id, producerId));
    return consumer;
  }

  consumer(userId: string, consumerId: string): types.Consumer<ConsumerAppData> {
    const c = this.peers.get(userId)?.consumers.get(consumerId);
    if (!c) throw new AppError('NOT_FOUND', 'unknown consumer');
    return c;
  }

  /** Close everything a participant owns (they left or were removed). */
  closePeer(userId: string, reason: string): void {
    const peer = this.peers.get(userId);
    if (!peer) return;
    for (const producer of [...peer.producers.values()]) this.closeProducer(producer, reason);
    for (const t of [...peer.transports.values()]) t.close();
    this.peers.delete(userId);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const userId of [...this.peers.keys()]) this.closePeer(userId, 'lesson_ended');
    this.router.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new AppError('LESSON_ENDED', 'the lesson has ended');
  }
}

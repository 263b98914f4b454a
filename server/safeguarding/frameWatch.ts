/**
 * Watches every student's camera and share in a lesson: a sampler decodes the lowest simulcast
 * layer, chosen frames are classified in the worker pool (off the signalling loop), scores are
 * smoothed per producer, and decisions become flags with containment.
 */
import type { types } from 'mediasoup';
import { LEVEL_SOURCES } from '../../shared/levels';
import { FrameSmoother, type FrameFlagDecision, type FrameSmoothingParams } from '../domain/frameSmoothing';
import { classified, initialSampling, isSuspicious, shouldClassify, type SamplingState } from '../domain/frameSampling';
import { DEFAULT_FRAME_ACTIONS } from '../domain/safeguardingPolicy';
import type { LessonObserver, LiveLesson } from '../lessons/liveLesson';
import type { LessonObserverFactory } from '../lessons/lessonService';
import { Logger } from '../logger';
import type { MediaRoom, ProducerAppData } from '../media/mediaRoom';
import type { FlagService } from './flagService';
import { isFrameDropped, type FrameClassifierPool } from './frames/classifierPool';
import { FrameSampler, type SampledFrame } from './frames/frameSampler';
import type { FrameThresholds } from './frames/thresholds';

export interface FrameWatchDeps {
  pool: FrameClassifierPool;
  flags: FlagService;
  thresholds: FrameThresholds;
}

interface Watched {
  sampler: FrameSampler;
  sampling: SamplingState;
  inFlight: boolean;
}

export function smoothingParams(t: FrameThresholds): FrameSmoothingParams {
  return { sexual: t.sexual, personVisible: t.personVisible, cameraInShare: t.cameraInShare, cooldownMs: t.cooldownMs, windowResetMs: t.windowResetMs };
}

export class FrameWatch implements LessonObserver {
  private readonly log: Logger;
  private readonly watched = new Map<string, Watched>();
  private readonly smoother: FrameSmoother;
  private closed = false;

  constructor(
    private readonly deps: FrameWatchDeps,
    private readonly lesson: LiveLesson,
    private readonly room: Pick<MediaRoom, 'router'>,
  ) {
    this.log = new Logger(`[frames:${lesson.id}]`);
    this.smoother = new FrameSmoother(smoothingParams(deps.thresholds));
  }

  static factory(deps: FrameWatchDeps): LessonObserverFactory {
    return async (lesson, room) => new FrameWatch(deps, lesson, room);
  }

  producerOpened(producer: types.Producer<ProducerAppData>): void {
    const { userId, source } = producer.appData;
    if (this.closed || producer.kind !== 'video' || !this.lesson.isStudent(userId)) return;
    if (source !== 'camera' && source !== 'share') return;
    FrameSampler.start(this.room.router, producer, { fps: 5, onFrame: (f) => this.onFrame(producer, f) })
      .then((sampler) => {
        if (this.closed || producer.closed) return void sampler.close();
        this.watched.set(producer.id, { sampler, sampling: initialSampling(), inFlight: false });
        sampler.on('error', (err: Error) => this.log.warn('frame sampler error', { producerId: producer.id, error: err }));
      })
      .catch((err: Error) => this.log.error('could not watch producer', { producerId: producer.id, error: err }));
  }

  private cameraAllowed(userId: string): boolean {
    const level = this.lesson.parentLevelOf(userId);
    return LEVEL_SOURCES[level ?? 3].includes('camera');
  }

  private onFrame(producer: types.Producer<ProducerAppData>, frame: SampledFrame): void {
    const w = this.watched.get(producer.id);
    if (!w || w.inFlight || producer.paused || !shouldClassify(w.sampling, frame.at, frame.jpeg.length)) return;
    w.inFlight = true;
    const { userId, source } = producer.appData as { userId: string; source: 'camera' | 'share' };
    const cameraAllowed = this.cameraAllowed(userId);
    this.deps.pool
      .classify({ producerId: producer.id, jpeg: frame.jpeg })
      .then((scores) => {
        w.sampling = classified(w.sampling, frame.at, frame.jpeg.length, isSuspicious(scores, { source, cameraAllowed }, this.deps.thresholds.sexual.frameThreshold));
        const decisions = this.smoother.observe({ producerId: producer.id, source, isStudent: true, cameraAllowed, at: frame.at, sexual: scores.sexual, faces: scores.faces });
        for (const d of decisions) void this.raise(producer, d, frame);
      })
      .catch((err: unknown) => {
        if (!isFrameDropped(err)) this.log.warn('classification failed', { error: err });
      })
      .finally(() => {
        w.inFlight = false;
      });
  }

  private async raise(producer: types.Producer<ProducerAppData>, d: FrameFlagDecision, frame: SampledFrame): Promise<void> {
    if (this.lesson.isClosed) return;
    const { userId, source } = producer.appData as { userId: string; source: 'camera' | 'share' };
    const models = this.deps.thresholds.models;
    try {
      await this.deps.flags.raiseFrame({
        lesson: this.lesson,
        userId,
        producerId: producer.id,
        source,
        label: d.label,
        score: d.score,
        model: d.label === 'sexual' ? `${models.sexual} (thresholds v${this.deps.thresholds.version})` : `${models.faces} (thresholds v${this.deps.thresholds.version})`,
        offsetMs: frame.at - this.lesson.lesson.started_at,
        action: DEFAULT_FRAME_ACTIONS[d.label],
        jpeg: d.label === 'sexual' ? undefined : frame.jpeg,
      });
    } catch (err) {
      this.log.error('could not raise frame flag', { error: err, label: d.label });
    }
  }

  producerClosed(producer: types.Producer<ProducerAppData>): void {
    const w = this.watched.get(producer.id);
    if (!w) return;
    this.watched.delete(producer.id);
    this.smoother.forget(producer.id);
    void w.sampler.close();
  }

  async lessonClosed(): Promise<void> {
    this.closed = true;
    const all = [...this.watched.values()];
    this.watched.clear();
    await Promise.all(all.map((w) => w.sampler.close()));
  }
}

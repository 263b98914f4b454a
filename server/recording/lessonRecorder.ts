/**
 * Records one lesson, always: every producer's track (captured without transcoding) and the event
 * timeline, each into its own encrypted track file under a fresh per-recording data key wrapped by
 * the school's key-encryption key. Nobody can turn it off: it is attached to every lesson at start.
 */
import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { types } from 'mediasoup';
import { EncryptedTrackWriter, type TrackFs } from './crypto/encryptedWriter';
import { RecordingWriteError } from './crypto/errors';
import { serializeWrappedKey, type KeyRing } from './keys';
import type { RecordingStore } from './recordingStore';
import { TrackCapture } from './trackCapture';
import { expiresAt } from '../domain/retention';
import type { LessonObserver, LiveLesson, TimelineEvent } from '../lessons/liveLesson';
import { Logger } from '../logger';
import type { MediaRoom, ProducerAppData } from '../media/mediaRoom';

export interface RecorderDeps {
  store: RecordingStore;
  keys: KeyRing;
  storageRoot: string;
  retentionDays(schoolId: string): number;
  /** File system seam (tests simulate a full disk). */
  trackFs?: TrackFs;
  /** The recording could not continue (e.g. disk full): tell the safeguarding team. */
  onFailure(info: { recordingId: string; lessonId: string; schoolId: string; error: Error }): void;
}

/** What the recorder needs of a lesson and its media room. */
export type RecordedLesson = Pick<LiveLesson, 'id' | 'schoolId' | 'lesson'>;
export type RecordedRoom = Pick<MediaRoom, 'router'>;

interface ActiveTrack {
  producerId: string;
  capture: TrackCapture;
  writer: EncryptedTrackWriter;
}

export class LessonRecorder implements LessonObserver {
  private readonly log: Logger;
  private readonly tracks = new Map<string, ActiveTrack>();
  private readonly finished: Array<Promise<void>> = [];
  private timelineTail: Promise<void> = Promise.resolve();
  private failure: Error | null = null;
  private closed = false;

  private constructor(
    private readonly deps: RecorderDeps,
    private readonly lesson: RecordedLesson,
    private readonly room: RecordedRoom,
    readonly recordingId: string,
    private readonly dir: string,
    private readonly dataKey: Buffer,
    private readonly timeline: EncryptedTrackWriter,
    private readonly timelineTrackId: string,
  ) {
    this.log = new Logger(`[recording:${recordingId}]`);
  }

  static async start(deps: RecorderDeps, lesson: RecordedLesson, room: RecordedRoom): Promise<LessonRecorder> {
    const recordingId = randomUUID();
    const dataKey = deps.keys.newDataKey();
    const wrapped = deps.keys.wrap(dataKey, recordingId);
    const relDir = join(lesson.schoolId, recordingId);
    const dir = join(deps.storageRoot, relDir);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    deps.store.create({
      id: recordingId,
      lessonId: lesson.id,
      classId: lesson.lesson.class_id,
      schoolId: lesson.schoolId,
      startedAt: lesson.lesson.started_at,
      wrappedKey: serializeWrappedKey(wrapped),
      kekId: wrapped.kekId,
    });
    let recorder: LessonRecorder | undefined;
    const timelineTrackId = randomUUID();
    const timeline = await EncryptedTrackWriter.open({
      file: join(dir, `${timelineTrackId}.chpr`),
      dataKey,
      recordingId,
      trackId: timelineTrackId,
      fs: deps.trackFs,
      onError: (err) => recorder?.fail(err),
    });
    deps.store.addTrack({ id: timelineTrackId, recording_id: recordingId, user_id: null, source: 'timeline', kind: 'timeline', file: join(relDir, `${timelineTrackId}.chpr`), container: 'jsonl', started_offset_ms: 0 });
    recorder = new LessonRecorder(deps, lesson, room, recordingId, relDir, dataKey, timeline, timelineTrackId);
    return recorder;
  }

  event(event: TimelineEvent): void {
    if (this.failure) return;
    const line = Buffer.from(JSON.stringify(event) + '\n');
    this.timelineTail = this.timelineTail.then(() => this.timeline.write(line)).catch((err: Error) => this.fail(err));
  }

  producerOpened(producer: types.Producer<ProducerAppData>): void {
    if (this.failure || this.closed) return;
    void this.startTrack(producer).catch((err: Error) => {
      // A producer closed while its capture was starting has nothing left to record.
      if (!producer.closed) this.log.error('could not start track capture', { error: err, producerId: producer.id });
    });
  }

  private async startTrack(producer: types.Producer<ProducerAppData>): Promise<void> {
    const trackId = randomUUID();
    const offset = Date.now() - this.lesson.lesson.started_at;
    const file = join(this.dir, `${trackId}.chpr`);
    const writer = await EncryptedTrackWriter.open({
      file: join(this.deps.storageRoot, file),
      dataKey: this.dataKey,
      recordingId: this.recordingId,
      trackId,
      fs: this.deps.trackFs,
      onError: (err) => this.fail(err),
    });
    this.deps.store.addTrack({
      id: trackId,
      recording_id: this.recordingId,
      user_id: producer.appData.userId,
      source: producer.appData.source,
      kind: producer.kind,
      file,
      container: 'webm',
      started_offset_ms: offset,
    });
    const capture = await TrackCapture.start(this.room.router, producer, writer);
    this.tracks.set(trackId, { producerId: producer.id, capture, writer });
    if (producer.closed) capture.stop();
    this.finished.push(
      capture.done.then((end) => {
        if (!end.ok) this.fail(end.error);
        this.deps.store.finishTrack(trackId, Date.now() - this.lesson.lesson.started_at, writer.bytesWritten, end.ok);
      }),
    );
  }

  producerClosed(producer: types.Producer<ProducerAppData>): void {
    this.stopTrack(producer.id);
  }

  private stopTrack(producerId: string): void {
    for (const t of this.tracks.values()) if (t.producerId === producerId) t.capture.stop();
  }

  /** A write failed (e.g. the disk is full): end the recording cleanly and raise the alarm once. */
  private fail(err: Error): void {
    if (this.failure) return;
    this.failure = err;
    this.log.error('recording failed', { error: err, code: err instanceof RecordingWriteError ? err.code : undefined });
    for (const t of this.tracks.values()) t.capture.stop();
    this.deps.onFailure({ recordingId: this.recordingId, lessonId: this.lesson.id, schoolId: this.lesson.schoolId, error: err });
  }

  async lessonClosed(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const t of this.tracks.values()) t.capture.stop();
    await Promise.all(this.finished);
    await this.timelineTail;
    await this.timeline.close().catch((err: Error) => this.fail(err));
    this.deps.store.finishTrack(this.timelineTrackId, Date.now() - this.lesson.lesson.started_at, this.timeline.bytesWritten, !this.failure);
    const endedAt = Date.now();
    this.deps.store.finish(this.recordingId, this.failure ? 'failed' : 'complete', endedAt, expiresAt(endedAt, this.deps.retentionDays(this.lesson.schoolId)));
    this.dataKey.fill(0);
    this.log.info('recording finished', { status: this.failure ? 'failed' : 'complete' });
  }
}

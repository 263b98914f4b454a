/**
 * Mic and camera minutes per lesson, from the server's own producer records (pure).
 * Overlapping producers of the same source count once.
 */
import type { MediaSource } from '../../shared/levels';

export interface ProducerSpan {
  source: MediaSource;
  startedAt: number;
  endedAt: number | null;
}

export function usageMinutes(spans: readonly ProducerSpan[], now: number): Record<MediaSource, number> {
  const result: Record<MediaSource, number> = { mic: 0, camera: 0, share: 0 };
  for (const source of Object.keys(result) as MediaSource[]) {
    const intervals = spans
      .filter((s) => s.source === source)
      .map((s) => [s.startedAt, s.endedAt ?? now] as const)
      .filter(([a, b]) => b > a)
      .sort((x, y) => x[0] - y[0]);
    let total = 0;
    let curStart = -1;
    let curEnd = -1;
    for (const [a, b] of intervals) {
      if (a > curEnd) {
        if (curEnd > curStart) total += curEnd - curStart;
        curStart = a;
        curEnd = b;
      } else if (b > curEnd) {
        curEnd = b;
      }
    }
    if (curEnd > curStart) total += curEnd - curStart;
    result[source] = Math.round((total / 60000) * 100) / 100;
  }
  return result;
}

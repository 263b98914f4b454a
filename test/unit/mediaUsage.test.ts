import { usageMinutes } from '../../server/domain/mediaUsage';

const MIN = 60_000;

describe('usageMinutes', () => {
  test('sums spans per source and merges overlaps', () => {
    const u = usageMinutes(
      [
        { source: 'mic', startedAt: 0, endedAt: 10 * MIN },
        { source: 'mic', startedAt: 5 * MIN, endedAt: 12 * MIN },
        { source: 'mic', startedAt: 20 * MIN, endedAt: 21 * MIN },
        { source: 'camera', startedAt: 0, endedAt: 90_000 },
      ],
      100 * MIN,
    );
    expect(u).toEqual({ mic: 13, camera: 1.5, share: 0 });
  });
  test('an open span counts until now', () => {
    expect(usageMinutes([{ source: 'camera', startedAt: 0, endedAt: null }], 3 * MIN).camera).toBe(3);
  });
});

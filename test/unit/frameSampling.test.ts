import { classified, initialSampling, isSuspicious, shouldClassify } from '../../server/domain/frameSampling';

describe('frame sampling policy', () => {
  test('about one frame a second when nothing happens', () => {
    let s = initialSampling();
    expect(shouldClassify(s, 0, 5000)).toBe(true);
    s = classified(s, 0, 5000, false);
    expect(shouldClassify(s, 200, 5050)).toBe(false);
    expect(shouldClassify(s, 999, 5050)).toBe(false);
    expect(shouldClassify(s, 1000, 5050)).toBe(true);
  });
  test('a scene change (JPEG size jump) is classified at once', () => {
    const s = classified(initialSampling(), 0, 5000, false);
    expect(shouldClassify(s, 200, 7000)).toBe(true);
    expect(shouldClassify(s, 100, 7000)).toBe(false); // never faster than the burst interval
  });
  test('a suspicious frame starts a burst of every frame, which ends', () => {
    let s = classified(initialSampling(), 0, 5000, true);
    expect(shouldClassify(s, 200, 5000)).toBe(true);
    s = classified(s, 200, 5000, false);
    expect(shouldClassify(s, 400, 5000)).toBe(true);
    expect(shouldClassify(s, 4300, 5000)).toBe(true);
    s = classified(s, 4300, 5000, false);
    expect(shouldClassify(s, 4500, 5000)).toBe(false);
  });
  test('suspicious means a per-frame rule would count it', () => {
    expect(isSuspicious({ sexual: 0, faces: 2 }, { source: 'camera', cameraAllowed: true }, 0.95)).toBe(true);
    expect(isSuspicious({ sexual: 0, faces: 1 }, { source: 'camera', cameraAllowed: true }, 0.95)).toBe(false);
    expect(isSuspicious({ sexual: 0, faces: 1 }, { source: 'share', cameraAllowed: false }, 0.95)).toBe(true);
    expect(isSuspicious({ sexual: 0, faces: 1 }, { source: 'share', cameraAllowed: true }, 0.95)).toBe(false);
    expect(isSuspicious({ sexual: 0.8, faces: 0 }, { source: 'camera', cameraAllowed: true }, 0.95)).toBe(true);
  });
});

import { randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  FileKekProvider,
  KeyError,
  KeyRing,
  StaticKekProvider,
  defaultKekFile,
  kekIdOf,
  parseWrappedKey,
  serializeWrappedKey,
  type WrappedKey,
} from '../../../server/recording/keys';
import { openTrack, pattern, spec, tempDir, writeTrack } from './trackFixtures';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir('keys');
});
afterEach(() => tmp.cleanup());

describe('the school KEK file', () => {
  test('is generated on first start as a 0600 file, and reused afterwards', () => {
    const file = defaultKekFile(tmp.dir);
    const first = KeyRing.fromFiles(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64')).toHaveLength(32);
    const again = KeyRing.fromFiles(file);
    expect(again.currentKekId).toBe(first.currentKekId);
    const wrapped = first.wrap(first.newDataKey(), 'rec-1');
    expect(again.unwrap(wrapped, 'rec-1')).toHaveLength(32);
  });

  test('a retired key file that does not exist is an error, not a new key', () => {
    expect(() => new FileKekProvider(join(tmp.dir, 'current.key'), [join(tmp.dir, 'missing.key')])).toThrow(KeyError);
  });
});

describe('KeyRing', () => {
  const ring = new KeyRing(new StaticKekProvider(randomBytes(32)));

  test('data keys are fresh 256-bit keys', () => {
    const a = ring.newDataKey();
    expect(a).toHaveLength(32);
    expect(a.equals(ring.newDataKey())).toBe(false);
  });

  test('wrap/unwrap round trip, through the stored JSON form', () => {
    const dataKey = ring.newDataKey();
    const wrapped = ring.wrap(dataKey, 'rec-1');
    expect(wrapped.kekId).toBe(ring.currentKekId);
    const stored = serializeWrappedKey(wrapped);
    expect(stored).not.toContain(dataKey.toString('base64'));
    expect(parseWrappedKey(stored)).toEqual(wrapped);
    expect(ring.unwrap(stored, 'rec-1').equals(dataKey)).toBe(true);
    expect(ring.unwrap(wrapped, 'rec-1').equals(dataKey)).toBe(true);
  });

  test('a wrapped key is bound to its recording', () => {
    const wrapped = ring.wrap(ring.newDataKey(), 'rec-1');
    expect(() => ring.unwrap(wrapped, 'rec-2')).toThrow(KeyError);
  });

  test('a tampered wrapped key is rejected', () => {
    const wrapped = ring.wrap(ring.newDataKey(), 'rec-1');
    const ct = Buffer.from(wrapped.ciphertext, 'base64');
    ct[0] = (ct[0] ?? 0) ^ 1;
    expect(() => ring.unwrap({ ...wrapped, ciphertext: ct.toString('base64') }, 'rec-1')).toThrow(KeyError);
  });

  test('malformed stored keys are a KeyError', () => {
    expect(() => parseWrappedKey('not json')).toThrow(KeyError);
    expect(() => parseWrappedKey('{"v":1}')).toThrow(KeyError);
  });

  test('rejects data keys of the wrong size', () => {
    expect(() => ring.wrap(Buffer.alloc(16), 'rec-1')).toThrow(KeyError);
  });
});

describe('wrong key file', () => {
  test('a server with a different KEK file says so clearly', () => {
    const original = KeyRing.fromFiles(join(tmp.dir, 'a', 'kek.key'));
    const replaced = KeyRing.fromFiles(join(tmp.dir, 'b', 'kek.key'));
    const wrapped = original.wrap(original.newDataKey(), 'rec-1');
    expect(() => replaced.unwrap(wrapped, 'rec-1')).toThrow(/wrong key file/);
  });

  test('a KEK that claims the right id but is not the key is still refused', () => {
    const ring = new KeyRing(new StaticKekProvider(randomBytes(32)));
    const wrapped = ring.wrap(ring.newDataKey(), 'rec-1');
    const impostor = new KeyRing({ current: () => ({ kekId: wrapped.kekId, key: randomBytes(32) }), byId: () => randomBytes(32) });
    expect(() => impostor.unwrap(wrapped, 'rec-1')).toThrow(/wrong key file/);
  });
});

describe('rotation', () => {
  test('rewrap moves data keys to the new KEK without touching media', async () => {
    const oldFile = join(tmp.dir, 'kek-2025.key');
    const newFile = join(tmp.dir, 'kek-2026.key');
    const before = KeyRing.fromFiles(oldFile);
    const dataKey = before.newDataKey();
    const wrapped = before.wrap(dataKey, 'rec-1');

    // Media written under the data key.
    const s = spec(tmp.dir, 'media', { dataKey, recordingId: 'rec-1' });
    const data = pattern(5000);
    await writeTrack(s, data, 1024);
    const mediaBefore = readFileSync(s.file);

    const rotated = KeyRing.fromFiles(newFile, [oldFile]);
    expect(rotated.currentKekId).not.toBe(before.currentKekId);
    expect(rotated.needsRewrap(wrapped)).toBe(true);
    const rewrapped: WrappedKey = rotated.rewrap(wrapped, 'rec-1');
    expect(rewrapped.kekId).toBe(rotated.currentKekId);
    expect(rotated.needsRewrap(rewrapped)).toBe(false);

    // Once the old KEK is retired for good, only the rewrapped key opens the media, which is unchanged.
    const afterRetirement = KeyRing.fromFiles(newFile);
    expect(() => afterRetirement.unwrap(wrapped, 'rec-1')).toThrow(/wrong key file/);
    const recovered = afterRetirement.unwrap(rewrapped, 'rec-1');
    expect(readFileSync(s.file).equals(mediaBefore)).toBe(true);
    expect((await (await openTrack({ ...s, dataKey: recovered })).readAll()).equals(data)).toBe(true);
  });

  test('kek ids are stable and distinct per key', () => {
    const k = randomBytes(32);
    expect(kekIdOf(k)).toBe(kekIdOf(Buffer.from(k)));
    expect(kekIdOf(k)).not.toBe(kekIdOf(randomBytes(32)));
    expect(kekIdOf(k)).toMatch(/^kek-[0-9a-f]{16}$/);
  });
});

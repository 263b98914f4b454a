import { LEVEL_SOURCES, SOURCES, type Level, type Source } from '../../shared/levels';
import { effectivePermissions, NO_SOURCES, revokedSources, type PermissionInput } from '../../server/domain/permissions';

const student = (level: Level | null, extra: Partial<PermissionInput> = {}): PermissionInput => ({
  role: 'student',
  parentLevel: level,
  studentRestrictions: NO_SOURCES,
  roomRestrictions: NO_SOURCES,
  containment: NO_SOURCES,
  ...extra,
});

const allowedSet = (input: PermissionInput): Source[] => SOURCES.filter((s) => effectivePermissions(input).allowed[s]);

describe('effectivePermissions', () => {
  test('each level allows exactly its sources', () => {
    expect(allowedSet(student(1))).toEqual(['chat', 'whiteboard', 'share']);
    expect(allowedSet(student(2))).toEqual(['chat', 'whiteboard', 'share', 'mic']);
    expect(allowedSet(student(3))).toEqual(['chat', 'whiteboard', 'share', 'mic', 'camera']);
  });

  test('no parent choice means the default level 3', () => {
    const p = effectivePermissions(student(null));
    expect(p.level).toBe(3);
    expect(p.allowed.camera).toBe(true);
  });

  test('forbidden sources say contribution_level', () => {
    const p = effectivePermissions(student(1));
    expect(p.denied).toEqual({ mic: 'contribution_level', camera: 'contribution_level' });
  });

  // Every level x every kind of restriction x every source: a restriction only ever removes.
  const kinds = ['studentRestrictions', 'roomRestrictions', 'containment'] as const;
  const expectedReason = { studentRestrictions: 'teacher_restriction', roomRestrictions: 'room_restriction', containment: 'containment' } as const;
  for (const level of [1, 2, 3] as const) {
    for (const kind of kinds) {
      for (const source of SOURCES) {
        test(`level ${level}, ${kind} on ${source}`, () => {
          const p = effectivePermissions(student(level, { [kind]: new Set([source]) }));
          const byLevel = LEVEL_SOURCES[level].includes(source);
          expect(p.allowed[source]).toBe(false);
          expect(p.denied[source]).toBe(byLevel ? expectedReason[kind] : 'contribution_level');
          for (const other of SOURCES.filter((s) => s !== source)) {
            expect(p.allowed[other]).toBe(LEVEL_SOURCES[level].includes(other));
          }
        });
      }
    }
  }

  test('lifting every restriction never goes above the parent level', () => {
    const p = effectivePermissions(student(1, { studentRestrictions: new Set(), roomRestrictions: new Set() }));
    expect(p.allowed.mic).toBe(false);
    expect(p.allowed.camera).toBe(false);
  });

  test('teachers are never capped; the DSL observes; parents and admins cannot take part', () => {
    const base = { parentLevel: 1 as Level, studentRestrictions: new Set<Source>(SOURCES), roomRestrictions: new Set<Source>(SOURCES), containment: NO_SOURCES };
    expect(allowedSet({ role: 'teacher', ...base })).toEqual([...SOURCES]);
    expect(allowedSet({ role: 'dsl', ...base })).toEqual([]);
    expect(effectivePermissions({ role: 'dsl', ...base }).denied.chat).toBe('observer');
    expect(allowedSet({ role: 'parent', ...base })).toEqual([]);
    expect(allowedSet({ role: 'admin', ...base })).toEqual([]);
  });

  test('revokedSources lists what was allowed and is not any more', () => {
    expect(revokedSources(effectivePermissions(student(3)), effectivePermissions(student(1)))).toEqual(['mic', 'camera']);
    expect(revokedSources(effectivePermissions(student(1)), effectivePermissions(student(3)))).toEqual([]);
    expect(revokedSources(effectivePermissions(student(3)), effectivePermissions(student(3, { roomRestrictions: new Set(['chat']) })))).toEqual(['chat']);
  });
});

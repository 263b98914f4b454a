/**
 * Contribution levels (DESIGN.md section 2). A parent sets a global level per child;
 * each level is a set of sources the child may contribute through.
 */
import { z } from 'zod';

export const SOURCES = ['chat', 'whiteboard', 'share', 'mic', 'camera'] as const;
export const SourceSchema = z.enum(SOURCES);
export type Source = z.infer<typeof SourceSchema>;

/** Media sources carried by mediasoup producers (the rest are messages). */
export const MEDIA_SOURCES = ['mic', 'camera', 'share'] as const;
export const MediaSourceSchema = z.enum(MEDIA_SOURCES);
export type MediaSource = z.infer<typeof MediaSourceSchema>;

export const LevelSchema = z.union([z.literal(1), z.literal(2), z.literal(3)]);
export type Level = z.infer<typeof LevelSchema>;

/** Level used when a parent has set nothing. */
export const DEFAULT_LEVEL: Level = 3;

export const LEVEL_SOURCES: Readonly<Record<Level, readonly Source[]>> = {
  1: ['chat', 'whiteboard', 'share'],
  2: ['chat', 'whiteboard', 'share', 'mic'],
  3: ['chat', 'whiteboard', 'share', 'mic', 'camera'],
};

export const LEVEL_DESCRIPTIONS: Readonly<Record<Level, string>> = {
  1: 'Text chat, whiteboard and sharing work',
  2: 'Level 1 plus microphone',
  3: 'Level 2 plus camera',
};

export const ROLES = ['student', 'parent', 'teacher', 'dsl', 'admin'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

/** Roles that must pass a TOTP second factor (school policy: staff use 2FA). */
export const STAFF_ROLES: readonly Role[] = ['teacher', 'dsl', 'admin'];

import type { ZodType, ZodTypeDef } from 'zod';
import { AppError } from '../../shared/errors';

/** Parse untrusted input with its schema or throw a typed BAD_REQUEST naming the fields. */
export function parseInput<T>(schema: ZodType<T, ZodTypeDef, unknown>, value: unknown): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const e = new AppError('BAD_REQUEST', 'invalid request: ' + r.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(body)'} ${i.message}`).join('; '));
  throw e;
}

/** Typed error codes shared by HTTP and signalling responses. */
export const ERROR_CODES = [
  'BAD_REQUEST',
  'UNAUTHENTICATED',
  'MFA_REQUIRED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'CONTRIBUTION_LEVEL',
  'RATE_LIMITED',
  'LESSON_ENDED',
  'RANGE_NOT_SATISFIABLE',
  'INSUFFICIENT_STORAGE',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  /** Why a contribution was refused, when code is CONTRIBUTION_LEVEL. */
  reason?: string;
  issues?: Array<{ path: string; message: string }>;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly reason?: string,
  ) {
    super(message);
    this.name = 'AppError';
  }

  toBody(): ErrorBody {
    return this.reason ? { code: this.code, message: this.message, reason: this.reason } : { code: this.code, message: this.message };
  }
}

export const HTTP_STATUS: Record<ErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  MFA_REQUIRED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  CONTRIBUTION_LEVEL: 403,
  RATE_LIMITED: 429,
  LESSON_ENDED: 410,
  RANGE_NOT_SATISFIABLE: 416,
  INSUFFICIENT_STORAGE: 507,
  INTERNAL: 500,
};

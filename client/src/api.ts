/** HTTP client: bearer tokens in sessionStorage, one refresh attempt on 401, typed errors. */
import type { ErrorBody } from '../../shared/errors';

export class ApiError extends Error {
  constructor(readonly body: ErrorBody, readonly status: number) {
    super(body.message);
  }
}

interface Tokens {
  accessToken: string;
  refreshToken: string;
}

export function tokens(): Tokens | null {
  const raw = sessionStorage.getItem('chaperone.tokens');
  return raw ? (JSON.parse(raw) as Tokens) : null;
}

export function saveTokens(t: Tokens | null): void {
  if (t) sessionStorage.setItem('chaperone.tokens', JSON.stringify({ accessToken: t.accessToken, refreshToken: t.refreshToken }));
  else sessionStorage.removeItem('chaperone.tokens');
}

async function raw(method: string, path: string, body?: unknown, auth = true): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const t = tokens();
  if (auth && t) headers.authorization = `Bearer ${t.accessToken}`;
  return fetch(`/api${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

/** The response of an authenticated call, after one refresh attempt on 401. */
async function authed(method: string, path: string, body?: unknown): Promise<Response> {
  let res = await raw(method, path, body);
  const t = tokens();
  if (res.status === 401 && t && !path.startsWith('/auth/')) {
    const r = await raw('POST', '/auth/refresh', { refreshToken: t.refreshToken }, false);
    if (r.ok) {
      saveTokens((await r.json()) as Tokens);
      res = await raw(method, path, body);
    }
  }
  return res;
}

/** A binary answer (evidence images, reports) as a Blob; errors as ApiError. */
export async function apiBlob(method: string, path: string, body?: unknown): Promise<Blob> {
  const res = await authed(method, path, body);
  if (!res.ok) {
    const json = (await res.json().catch(() => ({}))) as { error?: ErrorBody };
    throw new ApiError(json.error ?? { code: 'INTERNAL', message: res.statusText }, res.status);
  }
  return res.blob();
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await authed(method, path, body);
  const json = (await res.json()) as { error?: ErrorBody };
  if (!res.ok) throw new ApiError(json.error ?? { code: 'INTERNAL', message: res.statusText }, res.status);
  return json as T;
}

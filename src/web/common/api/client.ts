/** Minimal typed fetch wrapper for the Roster API (cookie session + CSRF header). */

export interface FieldError {
  field: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** Field-level errors (400 validation_failed) as a {field: message} map. */
  get fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    if (Array.isArray(this.details)) {
      for (const d of this.details) {
        if (d && typeof d === 'object' && 'field' in d && 'message' in d) {
          const field = String((d as FieldError).field).replace(/^body\./, '');
          if (!(field in out)) out[field] = String((d as FieldError).message);
        }
      }
    }
    return out;
  }
}

export const API_BASE = '/api/v1';

let csrfToken: string | null = null;

export function setCsrfToken(token: string | null | undefined): void {
  csrfToken = token ?? null;
}

export function getCsrfToken(): string | null {
  return csrfToken;
}

type Query = Record<string, string | number | boolean | null | undefined | string[]>;

export function buildQuery(query?: Query): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length === 0) continue;
      params.set(key, value.join(','));
    } else {
      params.set(key, String(value));
    }
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
}

async function parseError(res: Response): Promise<ApiError> {
  let code = 'http_' + res.status;
  let message = res.statusText || `Request failed (${res.status})`;
  let details: unknown;
  try {
    const data = await res.json();
    if (data && typeof data === 'object' && 'error' in data && data.error) {
      const err = data.error as { code?: string; message?: string; details?: unknown };
      if (err.code) code = err.code;
      if (err.message) message = err.message;
      details = err.details;
    } else if (data && typeof data === 'object' && 'message' in data) {
      // Framework-level error shape, just in case.
      message = String((data as { message: unknown }).message);
    }
  } catch {
    // body was not JSON
  }
  if (res.status === 0 || res.status >= 502) {
    message = message || 'The server is not reachable. Please try again.';
  }
  return new ApiError(res.status, code, message, details);
}

/** Called when a request answers 403 csrf_failed; returns a fresh token or null. */
let csrfRefresher: (() => Promise<string | null>) | null = null;
export function setCsrfRefresher(fn: () => Promise<string | null>): void {
  csrfRefresher = fn;
}

export async function request<T>(method: string, path: string, opts: RequestOptions = {}, retried = false): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const init: RequestInit = { method, headers, credentials: 'same-origin', signal: opts.signal };
  if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(opts.body);
  }
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) {
    headers['X-CSRF-Token'] = csrfToken;
  }
  let res: Response;
  try {
    res = await fetch(API_BASE + path + buildQuery(opts.query), init);
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, 'network_error', 'The server could not be reached. Check your connection and try again.');
  }
  if (!res.ok) {
    const err = await parseError(res);
    if (err.code === 'csrf_failed' && !retried && csrfRefresher) {
      const token = await csrfRefresher();
      if (token) {
        csrfToken = token;
        return request<T>(method, path, opts, true);
      }
    }
    throw err;
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  if (!text) return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    return text as unknown as T;
  }
}

export const http = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>('GET', path, { query, signal }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body: body ?? {} }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  del: <T>(path: string, body?: unknown) => request<T>('DELETE', path, { body }),
};

export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof Error) return e.message;
  return 'Something went wrong.';
}

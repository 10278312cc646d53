import type { ErrorBody } from '../../src/contract/index.ts';

/** An admin API failure, with the server's code and its message in words. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** The session's CSRF token and chosen workspace, sent with every request (set on sign-in). */
export const session = { csrf: '', workspace: null as number | null };

type Options = { method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'; body?: unknown; signal?: AbortSignal };

/**
 * Calls the admin API with the session cookie. Unsafe methods carry the CSRF token; every call names
 * the workspace chosen in the switcher. Errors become ApiError with the server's explanation.
 */
export async function api<T>(path: string, options: Options = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = {};
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['x-csrf-token'] = session.csrf;
  if (session.workspace !== null) headers['x-workspace'] = String(session.workspace);
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch {
    throw new ApiError(
      0,
      'network',
      'The server could not be reached. Check that Loopline is running, then retry.',
    );
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  const body = text ? (JSON.parse(text) as unknown) : undefined;
  if (!res.ok) {
    const error = (body as ErrorBody | undefined)?.error;
    throw new ApiError(
      res.status,
      error?.code ?? 'unknown',
      error?.message ?? `The server answered ${res.status}.`,
    );
  }
  return body as T;
}

/** A query string from the defined values only. */
export function qs(params: Record<string, string | number | undefined | null>): string {
  const entries = Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '');
  return entries.length ? `?${new URLSearchParams(entries.map(([k, v]) => [k, String(v)])).toString()}` : '';
}

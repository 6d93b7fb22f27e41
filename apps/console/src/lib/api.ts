// The console's only way to the API: same-origin relative URLs (proxied by src/proxy.ts),
// cookies included, and the CSRF token echoed on every unsafe method.
import { urlOf, type Route, type RouteAnswer, type RouteArgs } from '@portcullis/sdk';
import { networkError, problemFromResponse } from './problem';

export { ApiError } from './problem';

const CSRF_COOKIE = 'pc_csrf';
/** Fired on any 401, so the console can send someone whose session ended back to sign in. */
export const UNAUTHENTICATED_EVENT = 'portcullis:unauthenticated';
let csrfFromSession: string | undefined;

/** Remembers the token from the latest SessionResponse (the cookie is preferred when readable). */
export function setCsrfToken(token: string | undefined): void {
  csrfFromSession = token;
}

export function readCookie(cookieHeader: string, name: string): string | undefined {
  for (const part of cookieHeader.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

function csrfToken(): string | undefined {
  const fromCookie = typeof document === 'undefined' ? undefined : readCookie(document.cookie, CSRF_COOKIE);
  return fromCookie || csrfFromSession;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export async function apiFetch<T>(
  path: string,
  init: { method?: Method; body?: unknown; signal?: AbortSignal } = {},
): Promise<T> {
  const method = init.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (init.body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET') {
    const token = csrfToken();
    if (token) headers['X-CSRF-Token'] = token;
  }
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      credentials: 'same-origin',
      cache: 'no-store',
      signal: init.signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw networkError(e);
  }
  const text = await response.text();
  let body: unknown = undefined;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
  }
  if (response.status === 401 && typeof window !== 'undefined')
    window.dispatchEvent(new Event(UNAUTHENTICATED_EVENT));
  if (!response.ok) throw problemFromResponse(response.status, response.headers, body);
  return body as T;
}

/**
 * A route of the API (from @portcullis/sdk's route values) with its typed arguments and answer:
 * `call(agentRoutes.create, { body })`. The console never writes an API URL by hand.
 */
export function call<R extends Route>(
  route: R,
  args: RouteArgs<R>,
  signal?: AbortSignal,
): Promise<RouteAnswer<R>> {
  const a = args as { params?: Record<string, string>; query?: Record<string, unknown>; body?: unknown };
  return apiFetch<RouteAnswer<R>>(urlOf(route, a), {
    method: route.method,
    // Writes always carry a JSON body (some take none: an empty object is what they accept).
    body: a.body ?? (route.method === 'GET' || route.method === 'DELETE' ? undefined : {}),
    signal,
  });
}

// A typed REST client built from the route values: `client.call(agentRoutes.create, { body })`
// answers what the route's response schema says (or one of its alternatives, such as 202 with
// a job), or throws ApiProblem with the API's problem+json. For automation (the CLI, scripts);
// the console wraps the same routes with its own fetch (cookies and CSRF).
import { urlOf, type Route, type RouteAnswer, type RouteArgs } from './route.js';

export interface ProblemBody {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  code?: string;
  requestId?: string;
  errors?: { path: string; message: string }[];
}

export class ApiProblem extends Error {
  override readonly name = 'ApiProblem';
  constructor(readonly problem: ProblemBody) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
  }
  get status(): number {
    return this.problem.status;
  }
}

export interface ApiClientOptions {
  /** The API's origin, e.g. http://localhost:4000. */
  baseUrl: string;
  /** An admin API token (pcat_...), sent as a bearer token. */
  token?: string;
  fetch?: typeof fetch;
  /** Extra headers on every request (a user agent, say). */
  headers?: Record<string, string>;
}

export interface ApiClient {
  call<R extends Route>(
    route: R,
    args: RouteArgs<R>,
    init?: { signal?: AbortSignal },
  ): Promise<RouteAnswer<R>>;
}

export function createApiClient(opts: ApiClientOptions): ApiClient {
  const doFetch = opts.fetch ?? fetch;
  const base = opts.baseUrl.replace(/\/+$/, '');
  return {
    async call(route, args, init = {}) {
      const a = args as { params?: Record<string, string>; query?: Record<string, unknown>; body?: unknown };
      const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
      if (opts.token) headers.authorization = `Bearer ${opts.token}`;
      if (a.body !== undefined) headers['content-type'] = 'application/json';
      const res = await doFetch(base + urlOf(route, a), {
        method: route.method,
        headers,
        body: a.body === undefined ? undefined : JSON.stringify(a.body),
        signal: init.signal,
      });
      const text = await res.text();
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = undefined;
      }
      if (!res.ok) {
        const p = (body && typeof body === 'object' ? body : {}) as Partial<ProblemBody>;
        throw new ApiProblem({
          ...p,
          status: res.status,
          detail: p.detail ?? (text.slice(0, 200) || res.statusText),
        });
      }
      return body as never;
    },
  };
}

// A route of the REST API as a value: its method and path, what it reads (path parameters,
// query, body), what it answers, the problem+json errors it can answer, who may call it and the
// audit event it records. The API registers its handlers from these, the OpenAPI document is
// generated from them, the console and the CLI call the API through them, and the security and
// audit-coverage suites walk them: one place says what a route is.
import type { z } from 'zod';
import type { Role } from '../contracts/common.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * public: anyone; authenticated: any signed-in person or API token, tenant or not; read: any
 * member of the tenant who may see it (owners, admins, auditors); write: owners and admins;
 * owner: owners only.
 */
export type Access = 'public' | 'authenticated' | 'read' | 'write' | 'owner';

const ROLES_OF: Record<'read' | 'write' | 'owner', readonly Role[]> = {
  read: ['owner', 'admin', 'auditor'],
  write: ['owner', 'admin'],
  owner: ['owner'],
};

/** Whether a tenant role passes a route's access level (public and authenticated need no role). */
export function roleAllows(access: Access, role: Role | null | undefined): boolean {
  if (access === 'public' || access === 'authenticated') return true;
  return !!role && ROLES_OF[access].includes(role);
}

/**
 * A path parameter: `id` is a UUID naming a `what` of the tenant (a malformed one is a 404 for
 * that `what`, as a missing one is: an id never tells whether it exists elsewhere); `slug` is a
 * plain string matched by its pattern.
 */
export type ParamSpec = { kind: 'id'; what: string } | { kind: 'string'; pattern: RegExp; what: string };

export const idParam = (what: string): ParamSpec => ({ kind: 'id', what });
export const stringParam = (what: string, pattern: RegExp): ParamSpec => ({ kind: 'string', pattern, what });

export type SuccessStatus = 200 | 201 | 202 | 204 | 303;
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503;

/** What a write records in the tenant's audit trail, or why it records nothing. */
export type AuditSpec = { action: string | readonly string[] } | { none: string };

export interface RouteSpec {
  method: Method;
  /** Full path, `:name` for a parameter, e.g. `/api/v1/agents/:id`. */
  path: `/api/v1/${string}`;
  summary: string;
  /** OpenAPI tag (the feature). */
  tag: string;
  access: Access;
  params?: Record<string, ParamSpec>;
  query?: z.ZodType;
  body?: z.ZodType;
  /** Absent: the route answers no body. */
  response?: z.ZodType;
  /** Default: 201 for POST, 204 without a response, 200 otherwise; 303 for a browser navigation answered with a redirect. */
  status?: SuccessStatus;
  /** Other statuses the route may answer with a body (202 with a job, say), documented. */
  alternatives?: { status: 200 | 201 | 202; response: z.ZodType; description: string }[];
  /** Problem statuses beyond those its access, parameters and inputs imply (409, 429, 503...). */
  errors?: ErrorStatus[];
  /** Writes only (POST, PUT, PATCH, DELETE). */
  audit?: AuditSpec;
  /** A description for the OpenAPI document, when the summary is not enough. */
  description?: string;
}

export type Route<S extends RouteSpec = RouteSpec> = S & {
  /** `METHOD /path` with OpenAPI-style `{name}` parameters: the route's identity in tests and docs. */
  readonly key: string;
  readonly status: SuccessStatus;
};

const WRITES = new Set<Method>(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Defines a route; checks at definition time that what it says is consistent. */
export function route<const S extends RouteSpec>(spec: S): Route<S> {
  const names = [...spec.path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!);
  const declared = Object.keys(spec.params ?? {});
  if (names.join() !== declared.join())
    throw new Error(`${spec.method} ${spec.path}: params must name ${names.join(', ') || 'nothing'}`);
  if (WRITES.has(spec.method) && !spec.audit)
    throw new Error(`${spec.method} ${spec.path}: a write must say what it records (audit)`);
  if (spec.method === 'GET' && spec.body) throw new Error(`${spec.method} ${spec.path}: a GET has no body`);
  const status = spec.status ?? (!spec.response ? 204 : spec.method === 'POST' ? 201 : 200);
  return { ...spec, status, key: `${spec.method} ${spec.path.replace(/:([A-Za-z]+)/g, '{$1}')}` } as Route<S>;
}

/** The problem statuses a route can answer: its own list, plus what its access and inputs imply. */
export function errorStatuses(r: Route): ErrorStatus[] {
  const out = new Set<ErrorStatus>(r.errors ?? []);
  // A browser navigation answers its errors with a redirect too (to a page that says them).
  if (r.status === 303) return [...out].sort();
  if (r.body || r.query || Object.values(r.params ?? {}).some((p) => p.kind === 'string')) out.add(400);
  if (r.access !== 'public') out.add(401);
  if (r.access === 'read' || r.access === 'write' || r.access === 'owner') out.add(403);
  if (r.params && Object.keys(r.params).length > 0) out.add(404);
  return [...out].sort();
}

type ParamsOf<R extends RouteSpec> =
  R['params'] extends Record<string, ParamSpec>
    ? { [K in keyof R['params']]: string }
    : Record<string, never>;
type In<T> = T extends z.ZodType ? z.input<T> : never;
type Out<T> = T extends z.ZodType ? z.output<T> : never;

/** What a caller sends: path parameters, query and body as the route's schemas take them. */
export type RouteArgs<R extends RouteSpec> = (R['params'] extends Record<string, ParamSpec>
  ? { params: ParamsOf<R> }
  : { params?: undefined }) &
  (R['query'] extends z.ZodType ? { query?: In<R['query']> } : { query?: undefined }) &
  (R['body'] extends z.ZodType ? { body: In<R['body']> } : { body?: undefined });

/** What a handler receives: the inputs as the route's schemas produced them (defaults applied). */
export interface RouteInput<R extends RouteSpec> {
  params: ParamsOf<R>;
  query: R['query'] extends z.ZodType ? Out<R['query']> : Record<string, never>;
  body: R['body'] extends z.ZodType ? Out<R['body']> : undefined;
}

/** What a handler returns (before the response schema strips it) and what a caller receives. */
export type RouteResult<R extends RouteSpec> = R['response'] extends z.ZodType ? In<R['response']> : void;
export type RouteResponse<R extends RouteSpec> = R['response'] extends z.ZodType ? Out<R['response']> : void;
/** What a caller may receive: the response, or one of the route's alternatives (202 with a job, say). */
export type RouteAnswer<R extends RouteSpec> =
  | RouteResponse<R>
  | (R['alternatives'] extends readonly (infer A)[]
      ? A extends { response: infer S }
        ? Out<S>
        : never
      : never);

/** The path with its parameters filled in (each encoded), and the query string when there is one. */
export function urlOf(
  r: Route,
  args: { params?: Record<string, string>; query?: Record<string, unknown> } = {},
): string {
  const path = r.path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const v = args.params?.[name];
    if (v === undefined) throw new Error(`${r.key}: missing path parameter ${name}`);
    return encodeURIComponent(v);
  });
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(args.query ?? {})) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) for (const item of v) q.append(k, String(item));
    else q.set(k, String(v));
  }
  const qs = q.toString();
  return qs ? `${path}?${qs}` : path;
}

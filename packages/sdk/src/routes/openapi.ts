// The OpenAPI 3.1 document, generated from the route values: every operation with its
// parameters, body, answers and the problem+json errors it can give, under its tag; the schemas
// as components named after their contracts. Endpoints that are not REST routes (the OAuth
// authorization server, the MCP gateway) are described in oauth-gateway-docs.ts and added here.
import { z } from 'zod';
import { ProblemSchema } from '../contracts/common.js';
import { OAUTH_AND_GATEWAY_PATHS, OAUTH_AND_GATEWAY_TAGS } from './oauth-gateway-docs.js';
import { errorStatuses, type Route } from './route.js';

type JsonSchema = Record<string, unknown>;

const SUCCESS_TEXT: Partial<Record<number, string>> = {
  204: 'Done; no body.',
  303: 'A redirect: Location says where the browser goes next (errors too, in words for the page there).',
};

const STATUS_TEXT: Record<number, string> = {
  400: 'The request is malformed or has invalid fields (errors[] names each field).',
  401: 'Not signed in, or the API token is missing, invalid, expired or revoked.',
  403: "The caller's role may not do this.",
  404: 'No such object in this tenant (also for an id of another tenant).',
  409: 'It conflicts with the current state (taken, changed meanwhile).',
  413: 'The request body is too large.',
  415: 'The body is not JSON.',
  422: 'The request is understood but cannot be processed.',
  429: 'Too many requests: Retry-After says when to try again.',
  503: 'A service the route needs is unavailable.',
};

/** Schema names: the export names of the contracts (`Agent`, `CreateAgentRequest`; `ProblemSchema` is `Problem`). */
export function schemaNames(modules: readonly Record<string, unknown>[]): Map<z.ZodType, string> {
  const names = new Map<z.ZodType, string>();
  for (const m of modules) {
    for (const [name, value] of Object.entries(m))
      if (value instanceof z.ZodType && !names.has(value)) names.set(value, name.replace(/(.)Schema$/, '$1'));
  }
  return names;
}

function components(
  schemas: z.ZodType[],
  names: Map<z.ZodType, string>,
  io: 'input' | 'output',
  rename: (name: string) => string,
) {
  const registry = z.registry<{ id: string }>();
  const ids = new Map<z.ZodType, string>();
  let n = 0;
  for (const s of schemas) {
    if (ids.has(s)) continue;
    const id = rename(names.get(s) ?? `Anonymous${++n}`);
    ids.set(s, id);
    registry.add(s, { id });
  }
  const out = z.toJSONSchema(registry, {
    io,
    unrepresentable: 'any',
    uri: (id) => `#/components/schemas/${id}`,
  }) as { schemas: Record<string, JsonSchema> };
  for (const s of Object.values(out.schemas)) {
    delete s.$schema;
    delete s.$id;
  }
  return { ids, schemas: out.schemas };
}

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });

function queryParameters(schema: z.ZodType) {
  const js = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, JsonSchema>;
    required?: string[];
  };
  return Object.entries(js.properties ?? {}).map(([name, s]) => ({
    name,
    in: 'query',
    required: (js.required ?? []).includes(name),
    schema: s,
  }));
}

export interface OpenApiInfo {
  title: string;
  version: string;
  description: string;
  serverUrl: string;
  /** Each route's operationId (ROUTE_NAMES: `agents.create`); its key (`POST /api/v1/agents`) otherwise. */
  operationIds?: ReadonlyMap<Route, string>;
}

export function buildOpenApi(
  routes: readonly Route[],
  names: Map<z.ZodType, string>,
  info: OpenApiInfo,
): Record<string, unknown> {
  const inputs = routes.flatMap((r) => [r.body].filter((s): s is z.ZodType => !!s));
  const outputs = routes.flatMap((r) =>
    [r.response, ...(r.alternatives ?? []).map((a) => a.response)].filter((s): s is z.ZodType => !!s),
  );
  const inputNames = new Set(inputs.map((s) => names.get(s)).filter(Boolean));
  const input = components(inputs, names, 'input', (n) => n);
  // A schema both sent and received keeps its name as input; its output form is `<name>_Output`.
  const output = components([...outputs, ProblemSchema], names, 'output', (n) =>
    inputNames.has(n) ? `${n}_Output` : n,
  );
  const problem = output.ids.get(ProblemSchema)!;

  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = r.path.replace(/:([A-Za-z]+)/g, '{$1}');
    const responses: Record<string, unknown> = {};
    const body = (s?: z.ZodType) =>
      s ? { content: { 'application/json': { schema: ref(output.ids.get(s)!) } } } : {};
    responses[String(r.status)] = { description: SUCCESS_TEXT[r.status] ?? 'Success.', ...body(r.response) };
    for (const alt of r.alternatives ?? [])
      responses[String(alt.status)] = { description: alt.description, ...body(alt.response) };
    for (const status of errorStatuses(r)) {
      responses[String(status)] = {
        description: STATUS_TEXT[status],
        content: { 'application/problem+json': { schema: ref(problem) } },
      };
    }
    const parameters = [
      ...Object.entries(r.params ?? {}).map(([name, p]) => ({
        name,
        in: 'path',
        required: true,
        description: p.what,
        schema:
          p.kind === 'id'
            ? { type: 'string', format: 'uuid' }
            : { type: 'string', pattern: p.pattern.source },
      })),
      ...(r.query ? queryParameters(r.query) : []),
    ];
    (paths[path] ??= {})[r.method.toLowerCase()] = {
      operationId: info.operationIds?.get(r) ?? r.key,
      summary: r.summary,
      ...(r.description ? { description: r.description } : {}),
      tags: [r.tag],
      ...(r.access === 'public' ? { security: [] } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(r.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: ref(input.ids.get(r.body)!) } },
            },
          }
        : {}),
      responses,
      'x-access': r.access,
      ...(r.audit && 'action' in r.audit ? { 'x-audit-action': r.audit.action } : {}),
    };
  }
  for (const [path, item] of Object.entries(OAUTH_AND_GATEWAY_PATHS)) paths[path] = item;

  const tags = [...new Set(routes.map((r) => r.tag))].sort().map((name) => ({ name }));
  return {
    openapi: '3.1.0',
    info: { title: info.title, version: info.version, description: info.description },
    servers: [{ url: info.serverUrl }],
    tags: [...tags, ...OAUTH_AND_GATEWAY_TAGS],
    paths,
    components: {
      schemas: { ...input.schemas, ...output.schemas },
      securitySchemes: {
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: 'pc_session',
          description:
            'The console session (writes also need the X-CSRF-Token header echoing the pc_csrf cookie).',
        },
        apiToken: {
          type: 'http',
          scheme: 'bearer',
          description:
            'An admin API token (pcat_...) in the Authorization header, never in the URL or the body.',
        },
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description:
            "The gateway: an access token of the tenant's issuer (RFC 9068 JWT) or an agent API key (pcak_...).",
        },
      },
    },
    security: [{ session: [] }, { apiToken: [] }],
  };
}

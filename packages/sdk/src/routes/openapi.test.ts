// The OpenAPI document as the API serves it (apps/api/src/openapi.ts builds it the same way):
// every route is an operation with its documented errors, every schema is a named component
// that every reference reaches, and the OAuth and gateway endpoints are there under their tags.
import { describe, expect, it } from 'vitest';
import * as sdk from '../index.js';
import { API_ROUTES, ROUTE_NAMES } from './all.js';
import { buildOpenApi, schemaNames } from './openapi.js';
import { errorStatuses, route } from './route.js';

type Operation = {
  operationId: string;
  tags: string[];
  responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }>;
  requestBody?: unknown;
};
const info = {
  title: 'Portcullis API',
  version: '1',
  description: 'd',
  serverUrl: 'http://localhost:4000',
  operationIds: ROUTE_NAMES,
};
const doc = buildOpenApi(API_ROUTES, schemaNames([sdk]), info) as {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
  tags: { name: string }[];
};
const opOf = (r: (typeof API_ROUTES)[number]) =>
  doc.paths[r.key.slice(r.key.indexOf(' ') + 1)]?.[r.method.toLowerCase()];

describe('the OpenAPI document', () => {
  it('has one operation per route, named group.handler, unique', () => {
    const ids = API_ROUTES.map((r) => opOf(r)?.operationId);
    expect(ids.every((id) => typeof id === 'string' && /^[a-zA-Z]+\.[a-zA-Z]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(API_ROUTES.length);
    expect(new Set(API_ROUTES.map((r) => r.key)).size).toBe(API_ROUTES.length);
  });

  it("documents each route's problem errors, its success answer and its body", () => {
    for (const r of API_ROUTES) {
      const op = opOf(r)!;
      for (const status of errorStatuses(r))
        expect(
          op.responses[status]?.content?.['application/problem+json']?.schema.$ref,
          `${r.key} ${status}`,
        ).toBe('#/components/schemas/Problem');
      expect(op.responses[r.status], `${r.key} ${r.status}`).toBeDefined();
      if (r.response)
        expect(op.responses[r.status]!.content?.['application/json']?.schema.$ref, r.key).toMatch(
          /^#\/components\/schemas\/\w+$/,
        );
      expect(!!op.requestBody, r.key).toBe(!!r.body);
    }
    expect(opOf(sdk.agentRoutes.update)!.responses).toHaveProperty('400');
    expect(opOf(sdk.agentRoutes.update)!.responses).toHaveProperty('403');
    expect(opOf(sdk.agentRoutes.update)!.responses).toHaveProperty('404');
  });

  it('names every schema after its contract, and every reference resolves', () => {
    const names = Object.keys(doc.components.schemas);
    expect(names.filter((n) => n.startsWith('Anonymous'))).toEqual([]);
    expect(names).toEqual(
      expect.arrayContaining(['Agent', 'CreateAgentRequest', 'Problem', 'PolicyView', 'AuditEventPage']),
    );
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map(
      (m) => m[1]!,
    );
    expect(refs.length).toBeGreaterThan(API_ROUTES.length);
    expect(refs.filter((n) => !names.includes(n))).toEqual([]);
  });

  it('documents the OAuth authorization server and the gateway under their own tags', () => {
    expect(doc.paths['/t/{tenant}/token']?.post?.tags).toEqual(['oauth']);
    expect(doc.paths['/mcp/{tenant}/{server}']?.post?.tags).toEqual(['gateway']);
    expect(doc.tags.map((t) => t.name)).toEqual(
      expect.arrayContaining(['oauth', 'gateway', 'agents', 'audit']),
    );
  });

  it('refuses a route that contradicts itself', () => {
    expect(() =>
      route({ method: 'POST', path: '/api/v1/x', tag: 'x', access: 'write', summary: 's' }),
    ).toThrow(/audit/);
    expect(() =>
      route({ method: 'GET', path: '/api/v1/x/:id', tag: 'x', access: 'read', summary: 's' }),
    ).toThrow(/params/);
  });
});

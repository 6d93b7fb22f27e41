// The API's OpenAPI 3.1 document, generated from the route values of @portcullis/sdk (the same
// ones the controllers register and the console calls), with the OAuth authorization server and
// the MCP gateway under their own tags. Built once at start-up; served at /api/openapi.json|yaml
// and browsable at /api/docs (who may read it: auth/docs-access.ts).
import * as sdk from '@portcullis/sdk';
import { API_ROUTES, buildOpenApi, ROUTE_NAMES, schemaNames } from '@portcullis/sdk';

const DESCRIPTION = [
  'Governance for MCP servers: tenants, members, API tokens, servers and tools, agents, policies and the audit trail,',
  "each tenant's OAuth 2.1 authorization server and the MCP gateway.",
  'Errors are RFC 9457 problem+json (`code` names the error, `errors[]` the invalid fields);',
  '`x-access` says who may call a route, `x-audit-action` what it records in the audit trail.',
].join(' ');

export function openApiDocument(publicUrl: string): Record<string, unknown> {
  return buildOpenApi(API_ROUTES, schemaNames([sdk]), {
    title: 'Portcullis API',
    version: '1',
    description: DESCRIPTION,
    serverUrl: publicUrl,
    operationIds: ROUTE_NAMES,
  });
}

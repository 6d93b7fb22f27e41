// MCP servers of the tenant (the upstreams the gateway fronts) and the tools they expose.
import {
  ApproveToolRequest, ConnectionTestResult, CreateServerRequest, McpServer, McpServerList, McpTool, McpToolList, SyncResponse,
  TestConnectionRequest, UpdateServerRequest, UpdateToolRequest,
} from '../contracts/servers.js';
import { idParam, route } from './route.js';

const tag = 'servers';
const server = { id: idParam('Server') };
const tool = { ...server, toolId: idParam('Tool') };

export const serverRoutes = {
  list: route({ method: 'GET', path: '/api/v1/servers', tag, access: 'read', summary: "The tenant's MCP servers", response: McpServerList }),
  create: route({
    method: 'POST', path: '/api/v1/servers', tag, access: 'write', summary: 'Register an MCP server (its tools are discovered right after)',
    body: CreateServerRequest, response: McpServer, errors: [409], audit: { action: 'server.created' },
  }),
  testConnection: route({
    method: 'POST', path: '/api/v1/servers/test-connection', tag, access: 'write', summary: 'Check an upstream before registering it: address policy, MCP handshake, tools/list',
    body: TestConnectionRequest, response: ConnectionTestResult, status: 200, audit: { none: 'probes a URL, stores nothing' },
  }),
  get: route({ method: 'GET', path: '/api/v1/servers/:id', tag, access: 'read', summary: 'An MCP server', params: server, response: McpServer }),
  update: route({
    method: 'PATCH', path: '/api/v1/servers/:id', tag, access: 'write', summary: 'Change an MCP server (its upstream, credential, settings or status)',
    params: server, body: UpdateServerRequest, response: McpServer, audit: { action: 'server.updated' },
  }),
  remove: route({ method: 'DELETE', path: '/api/v1/servers/:id', tag, access: 'write', summary: 'Delete an MCP server', params: server, audit: { action: 'server.deleted' } }),
  sync: route({
    method: 'POST', path: '/api/v1/servers/:id/sync', tag, access: 'write', summary: "Queue a discovery of the server's tools now",
    params: server, response: SyncResponse, status: 202, audit: { none: 'queues a discovery; the job records server.synced and tool.quarantined' },
  }),
  tools: route({ method: 'GET', path: '/api/v1/servers/:id/tools', tag, access: 'read', summary: "The server's tools and their review state", params: server, response: McpToolList }),
  updateTool: route({
    method: 'PATCH', path: '/api/v1/servers/:id/tools/:toolId', tag, access: 'write', summary: 'Enable or disable a tool',
    params: tool, body: UpdateToolRequest, response: McpTool, audit: { action: 'tool.updated' },
  }),
  approveTool: route({
    method: 'POST', path: '/api/v1/servers/:id/tools/:toolId/approve', tag, access: 'write', summary: 'Approve the definition of a tool as reviewed (its fingerprint is pinned)',
    params: tool, body: ApproveToolRequest, response: McpTool, status: 200, errors: [409], audit: { action: 'tool.approved' },
  }),
  rejectTool: route({
    method: 'POST', path: '/api/v1/servers/:id/tools/:toolId/reject', tag, access: 'write', summary: 'Reject a tool: no agent may call it',
    params: tool, response: McpTool, status: 200, audit: { action: 'tool.rejected' },
  }),
};

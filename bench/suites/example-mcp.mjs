// tools/call "echo" straight to the example MCP server: the baseline that gateway benchmarks compare against.
import { join } from 'node:path';
import { startService } from '../lib/process.mjs';

export const name = 'example-mcp';
export const description =
  'tools/call echo against the example MCP server directly (stateless, JSON responses)';
export const packages = ['@portcullis/example-mcp-server'];

/** Protocol version the SDK client negotiates today; sent as MCP-Protocol-Version on every request. */
export const PROTOCOL_VERSION = '2025-11-25';

export const ECHO_TEXT = 'hello from bench';

/** Headers and body of one stateless tools/call echo; reused by suites that compare against this one. */
export function echoRequest() {
  return {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': PROTOCOL_VERSION,
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { name: 'echo', arguments: { text: ECHO_TEXT } },
    }),
    expect: { bodyIncludes: `"text":"${ECHO_TEXT}"` },
  };
}

/** Starts the built example server in its own process on a free port; resolves with its URL and stop(). */
export async function startExampleServerProcess(root, env = {}) {
  const service = await startService({
    name: 'example-mcp-server',
    command: process.execPath,
    args: [join(root, 'examples/mcp-server/dist/main.js')],
    env: {
      MCP_HOST: '127.0.0.1',
      MCP_PORT: '0',
      MCP_STATELESS: '1',
      MCP_JSON_RESPONSE: '1',
      UPSTREAM_TOKEN: '',
      ...env,
    },
    ready: /^listening (\S+)/,
  });
  return { url: service.match[1], pid: service.child.pid, stop: service.stop };
}

export async function setup({ root }) {
  const server = await startExampleServerProcess(root);
  return {
    targets: [{ label: 'example-mcp direct', url: server.url, ...echoRequest() }],
    teardown: server.stop,
  };
}

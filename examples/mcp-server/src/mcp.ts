// The MCP surface (tools, one resource, one prompt) on the SDK's high-level McpServer.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import { z } from 'zod';
import { README_TEXT, README_URI, bigText, customerRecord } from './fixtures.js';
import { summarizeHeaders } from './whoami.js';

export const SERVER_INFO = { name: 'portcullis-example-mcp-server', version: '0.1.0' } as const;

/** Largest big_result we agree to build (16 MiB): enough to test body limits, small enough not to hurt. */
export const MAX_BIG_RESULT_KB = 16 * 1024;

function text(value: string) {
  return { content: [{ type: 'text' as const, text: value }] };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

// Built once per process: stateless mode creates a server per request, and a fresh Ajv instance
// plus fresh zod schemas per server cost more than the request itself (about 1-2 ms).
const schemas = {
  echo: { text: z.string().max(1_000_000) },
  add: { a: z.number(), b: z.number() },
  addOutput: { sum: z.number() },
  getCustomer: { id: z.string().min(1).max(64) },
  slowCount: {
    to: z.number().int().min(1).max(1000),
    delayMs: z.number().int().min(0).max(10_000).default(100),
  },
  bigResult: { kilobytes: z.number().int().min(1).max(MAX_BIG_RESULT_KB) },
  summarizeTopic: { topic: z.string().min(1).max(200), style: z.string().max(50).optional() },
};
const jsonSchemaValidator = new AjvJsonSchemaValidator();

export function createMcpServer(): McpServer {
  const server = new McpServer(SERVER_INFO, {
    instructions:
      'Example server for Portcullis tests: echo, add, get_customer, slow_count, big_result, whoami.',
    jsonSchemaValidator,
  });

  server.registerTool(
    'echo',
    {
      description: 'Returns the text it was given.',
      inputSchema: schemas.echo,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ text: value }) => text(value),
  );

  server.registerTool(
    'add',
    {
      description: 'Adds two numbers.',
      inputSchema: schemas.add,
      outputSchema: schemas.addOutput,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ a, b }) => ({ ...text(String(a + b)), structuredContent: { sum: a + b } }),
  );

  server.registerTool(
    'get_customer',
    {
      description: 'Looks up a customer record (contains personal data: e-mail, phone, card number).',
      inputSchema: schemas.getCustomer,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ id }) => text(JSON.stringify(customerRecord(id), null, 2)),
  );

  server.registerTool(
    'slow_count',
    {
      description:
        'Counts from 1 to `to`, waiting `delayMs` between steps and sending notifications/progress for each step when the request carries a progressToken.',
      inputSchema: schemas.slowCount,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async ({ to, delayMs }, extra) => {
      const progressToken = extra._meta?.progressToken;
      for (let step = 1; step <= to; step++) {
        await sleep(delayMs, extra.signal);
        if (progressToken !== undefined) {
          await extra.sendNotification({
            method: 'notifications/progress',
            params: { progressToken, progress: step, total: to, message: `step ${step} of ${to}` },
          });
        }
      }
      return text(String(to));
    },
  );

  server.registerTool(
    'big_result',
    {
      description: 'Returns a text result of exactly `kilobytes` KiB.',
      inputSchema: schemas.bigResult,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ kilobytes }) => text(bigText(kilobytes)),
  );

  server.registerTool(
    'whoami',
    {
      description:
        'Describes the request headers this server received (credential presence, scheme and fingerprint; never the secret values).',
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (extra) => {
      // In platform-token mode the verified agent is known too (set by the SDK's middleware).
      const agent = extra.authInfo
        ? { agent: { clientId: extra.authInfo.clientId, scopes: extra.authInfo.scopes } }
        : {};
      return text(
        JSON.stringify({ ...summarizeHeaders(extra.requestInfo?.headers ?? {}), ...agent }, null, 2),
      );
    },
  );

  server.registerResource(
    'readme',
    README_URI,
    { title: 'README', description: 'What this example server offers.', mimeType: 'text/markdown' },
    (uri) => ({ contents: [{ uri: uri.href, mimeType: 'text/markdown', text: README_TEXT }] }),
  );

  server.registerPrompt(
    'summarize_topic',
    {
      title: 'Summarize a topic',
      description: 'Asks the model for a short summary of a topic.',
      argsSchema: schemas.summarizeTopic,
    },
    ({ topic, style }) => ({
      description: `Summary of ${topic}`,
      messages: [
        {
          role: 'user',
          content: {
            type: 'text',
            text: `Summarize ${topic} in three sentences${style ? `, in a ${style} style` : ''}.`,
          },
        },
      ],
    }),
  );

  return server;
}

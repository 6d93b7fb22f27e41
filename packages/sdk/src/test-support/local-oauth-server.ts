// A small gateway + authorization server on loopback for the agent's unit tests: it answers the
// discovery chain the way Portcullis does, counts token requests, and fails on demand.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Failure = { status: number; headers?: Record<string, string>; body?: unknown } | 'reset';

export interface TokenRequestSeen {
  params: URLSearchParams;
  authorization?: string;
}

export interface LocalOAuthServer {
  origin: string;
  issuer: string;
  gatewayUrl: string;
  tokenRequests: TokenRequestSeen[];
  /** Answers for the next token requests, in order, before the normal ones. */
  failures: Failure[];
  /** Seconds of life of the tokens issued from now on. */
  lifetimeS: number;
  /** Token requests wait until release() (to hold many callers on one request). */
  hold(): () => void;
  /** Tokens the gateway refuses from now on (401 invalid_token). */
  revoked: Set<string>;
  /** Overrides of the served documents. */
  overrides: { resourceMetadata?: Record<string, unknown>; asMetadata?: Record<string, unknown> };
  /** Checks the client authentication of a token request; default: Basic client:secret. */
  authenticate: (req: TokenRequestSeen) => Promise<boolean> | boolean;
  close(): Promise<void>;
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
};

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export const CLIENT = { id: 'agent-1', secret: 'secret-1' };

export async function startLocalOAuthServer(): Promise<LocalOAuthServer> {
  let gate: Promise<void> | undefined;
  let issued = 0;
  const state = {} as LocalOAuthServer;
  const server = createServer((req, res) => {
    void (async () => {
      const path = new URL(req.url ?? '/', state.origin).pathname;
      const body = await readBody(req);
      if (path === '/mcp/acme/srv') {
        const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
        const challenge = `Bearer resource_metadata="${state.origin}/.well-known/oauth-protected-resource/mcp/acme/srv", scope="mcp:tools"`;
        if (!token) return json(res, 401, { error: 'invalid_token' }, { 'www-authenticate': challenge });
        if (state.revoked.has(token) || !token.startsWith('tok-')) {
          return json(
            res,
            401,
            { error: 'invalid_token' },
            { 'www-authenticate': `${challenge}, error="invalid_token"` },
          );
        }
        return json(res, 200, { token, body });
      }
      if (path === '/.well-known/oauth-protected-resource/mcp/acme/srv') {
        return json(
          res,
          200,
          state.overrides.resourceMetadata ?? {
            resource: state.gatewayUrl,
            authorization_servers: [state.issuer],
          },
        );
      }
      if (path === '/.well-known/oauth-authorization-server/t/acme') {
        return json(
          res,
          200,
          state.overrides.asMetadata ?? {
            issuer: state.issuer,
            token_endpoint: `${state.issuer}/token`,
            token_endpoint_auth_methods_supported: [
              'client_secret_basic',
              'client_secret_post',
              'private_key_jwt',
            ],
          },
        );
      }
      if (path === '/t/acme/token' && req.method === 'POST') {
        const seen = { params: new URLSearchParams(body), authorization: req.headers.authorization };
        state.tokenRequests.push(seen);
        if (gate) await gate;
        const failure = state.failures.shift();
        if (failure === 'reset') return req.socket.destroy();
        if (failure)
          return json(res, failure.status, failure.body ?? { error: 'server_error' }, failure.headers);
        if (!(await state.authenticate(seen)))
          return json(res, 401, {
            error: 'invalid_client',
            error_description: 'Client authentication failed.',
          });
        issued += 1;
        const scope = seen.params.get('scope');
        return json(res, 200, {
          access_token: `tok-${issued}`,
          token_type: 'Bearer',
          expires_in: state.lifetimeS,
          ...(scope ? { scope } : {}),
        });
      }
      json(res, 404, { error: 'not_found' });
    })().catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  Object.assign(state, {
    origin,
    issuer: `${origin}/t/acme`,
    gatewayUrl: `${origin}/mcp/acme/srv`,
    tokenRequests: [],
    failures: [],
    lifetimeS: 300,
    revoked: new Set<string>(),
    overrides: {},
    authenticate: (seen: TokenRequestSeen) =>
      seen.authorization === `Basic ${Buffer.from(`${CLIENT.id}:${CLIENT.secret}`).toString('base64')}`,
    hold() {
      let release!: () => void;
      gate = new Promise<void>((resolve) => (release = resolve));
      return () => {
        gate = undefined;
        release();
      };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  } satisfies Omit<LocalOAuthServer, never>);
  return state;
}

/** A clock tests move by hand; sleeps are recorded and return at once. */
export function manualClock(start = 1_700_000_000_000) {
  const clock = {
    time: start,
    sleeps: [] as number[],
    now: () => clock.time,
    sleep: async (ms: number) => {
      clock.sleeps.push(ms);
    },
    random: () => 0.5,
  };
  return clock;
}

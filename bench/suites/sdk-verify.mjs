// The SDK verifier in a real MCP server: the example server's tools/call echo without
// authentication (the baseline) and in platform-token mode (@portcullis/sdk/verifier's node:http
// middleware, one agent token for the run, as an agent presents it for its token's lifetime).
// The per-core figure of the verifier alone is `pnpm bench:sdk-verify` (bench/sdk-verify.mjs).
import { startLocalIssuer } from '../lib/local-issuer.mjs';
import { echoRequest, startExampleServerProcess } from './example-mcp.mjs';

export const name = 'sdk-verify';
export const description =
  'tools/call echo to the example MCP server without auth and with the SDK verifier (platform token)';
export const packages = ['@portcullis/example-mcp-server'];
// Interleaved slices (A B A B A B), so a change in the shared machine's load weighs on both alike.
export const rounds = 3;

export async function setup({ root }) {
  // The issuer lives in the runner's process (it serves the key set once); load comes from a worker.
  const issuer = await startLocalIssuer();
  const open = await startExampleServerProcess(root);
  const verifying = await startExampleServerProcess(root, {
    PLATFORM_ISSUER: issuer.issuer,
    PLATFORM_AUDIENCE: issuer.audience,
  });
  const [token] = await issuer.mint('ES256', 1);
  const request = echoRequest();
  return {
    targets: [
      { label: 'example-mcp no auth', url: open.url, ...request },
      {
        label: 'example-mcp + sdk verifier',
        url: verifying.url,
        ...request,
        headers: { ...request.headers, authorization: `Bearer ${token}` },
      },
    ],
    baseline: 'example-mcp no auth',
    teardown: async () => {
      await Promise.all([open.stop(), verifying.stop()]);
      await issuer.close();
    },
  };
}

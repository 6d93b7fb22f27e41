// The package as others get it: packed, unpacked into a project with no workspace links, and
// loaded from an ES module and from CommonJS. Uses the dist/ of `pnpm build`.
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  realpathSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(packageRoot, 'package.json'));
let project: string;
let files: string[];

/** The real directory of a dependency as this package resolves it (not a workspace link). */
function dependencyDir(name: string): string {
  const entry = require.resolve(`${name}/package.json`);
  return realpathSync(path.dirname(entry));
}

beforeAll(() => {
  if (!existsSync(path.join(packageRoot, 'dist/agent/index.js')))
    throw new Error('run `pnpm build` first: the test packs dist/');
  project = mkdtempSync(path.join(os.tmpdir(), 'portcullis-sdk-consumer-'));
  execFileSync('pnpm', ['pack', '--pack-destination', project], { cwd: packageRoot, stdio: 'pipe' });
  const tarball = readdirSync(project).find((f) => f.endsWith('.tgz'))!;
  files = execFileSync('tar', ['-tzf', path.join(project, tarball)], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);
  const scope = path.join(project, 'node_modules/@portcullis');
  mkdirSync(scope, { recursive: true });
  execFileSync('tar', ['-xzf', path.join(project, tarball), '-C', scope]);
  renameSync(path.join(scope, 'package'), path.join(scope, 'sdk'));
  // Only what package.json declares (and the optional MCP SDK peer), as an installer would provide.
  const { dependencies } = JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  for (const name of [...Object.keys(dependencies), '@modelcontextprotocol/sdk']) {
    const link = path.join(project, 'node_modules', name);
    mkdirSync(path.dirname(link), { recursive: true });
    symlinkSync(dependencyDir(name), link);
  }
  writeFileSync(path.join(project, 'package.json'), '{ "name": "consumer", "private": true }');
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

const run = (file: string, source: string) => {
  writeFileSync(path.join(project, file), source);
  return execFileSync(process.execPath, [file], { cwd: project, encoding: 'utf8' }).trim();
};

describe('the packed package', () => {
  it('ships the built entry points and no tests or sources', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'package/package.json',
        'package/dist/agent/index.js',
        'package/dist/verifier/index.d.ts',
        'package/dist/verifier/mcp/index.cjs',
      ]),
    );
    expect(files.filter((f) => /\.test\.|\/src\/|test-support/.test(f))).toEqual([]);
  });

  it('loads from an ES module: agent, verifier, the MCP adapter and the contracts', () => {
    const out = run(
      'check.mjs',
      `import { createAgentAuth, AgentAuthError } from '@portcullis/sdk/agent';
       import { createTokenVerifier } from '@portcullis/sdk/verifier';
       import { mcpTokenVerifier } from '@portcullis/sdk/verifier/mcp';
       import { InvalidTokenError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
       import { SignUpRequest } from '@portcullis/sdk';
       const agent = createAgentAuth({ gatewayUrl: 'http://127.0.0.1:9/mcp/a/b', clientId: 'c', clientSecret: 's' });
       const verifier = createTokenVerifier({ issuer: 'http://127.0.0.1:9/t/a', audience: 'http://127.0.0.1:9/mcp/a/b' });
       const error = await mcpTokenVerifier(verifier).verifyAccessToken('nope').catch((e) => e);
       console.log(typeof agent.fetch, typeof AgentAuthError, error instanceof InvalidTokenError, typeof SignUpRequest.parse);`,
    );
    expect(out).toBe('function function true function');
  });

  it('loads from CommonJS, with the MCP SDK error classes of its CommonJS build', () => {
    const out = run(
      'check.cjs',
      `const { createTokenVerifier } = require('@portcullis/sdk/verifier');
       const { mcpTokenVerifier } = require('@portcullis/sdk/verifier/mcp');
       const { createAgentAuth } = require('@portcullis/sdk/agent');
       const { InvalidTokenError } = require('@modelcontextprotocol/sdk/server/auth/errors.js');
       const verifier = createTokenVerifier({ issuer: 'http://127.0.0.1:9/t/a', audience: 'http://127.0.0.1:9/mcp/a/b' });
       mcpTokenVerifier(verifier).verifyAccessToken('nope').catch((e) => console.log(e instanceof InvalidTokenError, typeof createAgentAuth));`,
    );
    expect(out).toBe('true function');
  });
});

// The real `portcullis` binary (packages/cli/dist/main.js, run as a child process) against a
// real API: its output, --json, its exit codes, login's private config file, governance as code
// between two tenants, the live audit tail, an export verified offline, and an agent's token.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpOwner, startTestApp, type Client, type TestApp } from './harness';
import { setupTenantWithServer, waitUntil } from './fixtures';

// Built by turbo before this suite (apps/api depends on @portcullis/cli).
const BIN = path.resolve(__dirname, '../../../packages/cli/dist/main.js');

let app: TestApp;
let a: Awaited<ReturnType<typeof setupTenantWithServer>>;
let tokenA: string;
const dir = mkdtempSync(path.join(os.tmpdir(), 'portcullis-cli-'));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the binary to its end; `env` adds to a clean environment (no config file but the test's). */
function run(args: string[], env: Record<string, string> = {}, stdin?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: dir,
        XDG_CONFIG_HOME: path.join(dir, 'config-none'),
        ...env,
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

const asA = () => ({ PORTCULLIS_URL: app.baseUrl, PORTCULLIS_TOKEN: tokenA });
const adminToken = async (c: Client) =>
  (await c.post('/api/v1/api-tokens', { name: 'cli', role: 'admin' })).body.token as string;

beforeAll(async () => {
  app = await startTestApp({ RUN_WORKER: 'true' });
  a = await setupTenantWithServer(app.baseUrl);
  tokenA = await adminToken(a.owner.client);
});
afterAll(async () => {
  await a?.upstream.close();
  await app?.close();
});

describe('the command line', () => {
  it('explains itself and answers a wrong command line with exit 2', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Exit codes: 0 ok; 1 error');
    expect(help.stdout).toMatch(/agents\s+agents: list, show, create, update, delete/);
    const sub = await run(['agents', 'create', '--help']);
    expect(sub.stdout).toContain('Create an agent (an OAuth client)'); // the route's summary
    const unknown = await run(['agnets', 'list']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'agnets'");
    const missing = await run(['plan'], asA());
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("required option '-f, --file <file>' not specified");
  });

  it('refuses without credentials (exit 1, one line) and logs in to a private config file', async () => {
    const none = await run(['agents', 'list']);
    expect(none.code).toBe(1);
    expect(none.stderr.trim().split('\n')).toHaveLength(1);
    expect(none.stderr).toMatch(/^error: no API URL/);

    const config = path.join(dir, 'config-login');
    const bad = await run(
      ['--url', app.baseUrl, 'login', '--token-stdin'],
      { XDG_CONFIG_HOME: config },
      'pcat_not_a_real_token\n',
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^error: .*\[HTTP 401/);

    const ok = await run(
      ['--url', app.baseUrl, 'login', '--token-stdin'],
      { XDG_CONFIG_HOME: config },
      `${tokenA}\n`,
    );
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain(`logged in to ${app.baseUrl}`);
    const file = path.join(config, 'portcullis', 'config.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ url: app.baseUrl, token: tokenA });
    const listed = await run(['servers', 'list'], { XDG_CONFIG_HOME: config });
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^SLUG\s+NAME\s+STATUS/);
    expect(listed.stdout).toContain('example');
  });

  it('lists, shows, creates, updates and deletes with tables or --json, and reports API errors in one line', async () => {
    const created = await run(
      ['--json', 'agents', 'create', '--set', 'name=cli bot', '--set', 'tokenLifetimeSec=600'],
      asA(),
    );
    expect(created.code).toBe(0);
    const agent = JSON.parse(created.stdout);
    expect(agent).toMatchObject({
      name: 'cli bot',
      tokenLifetimeSec: 600,
      clientId: expect.stringMatching(/^agt_/),
    });

    const table = await run(['agents', 'list'], asA());
    expect(table.stdout.split('\n')[0]).toMatch(/^NAME\s+CLIENT_ID\s+STATUS/);
    expect(table.stdout).toContain(agent.clientId);
    const shown = await run(['agents', 'show', 'cli bot'], asA());
    expect(shown.stdout).toMatch(/tokenLifetimeSec\s+600/);
    const updated = await run(
      ['--json', 'agents', 'update', agent.clientId, '--set', 'tokenLifetimeSec=900'],
      asA(),
    );
    expect(JSON.parse(updated.stdout).tokenLifetimeSec).toBe(900);

    const grant = await run(
      ['grants', 'set', '--agent', 'cli bot', '--server', 'example', '--tools', 'echo'],
      asA(),
    );
    expect(grant.code).toBe(0);
    expect(grant.stdout).toMatch(/example\s+echo/);
    const secret = await run(['--json', 'secrets', 'create', '--agent', 'cli bot'], asA());
    expect(JSON.parse(secret.stdout).clientSecret).toBeTruthy();

    const invalid = await run(['agents', 'create', '--set', 'tokenLifetimeSec=5'], asA());
    expect(invalid.code).toBe(1);
    expect(invalid.stderr.trim().split('\n')).toHaveLength(1);
    expect(invalid.stderr).toMatch(/^error: .*name.*\[HTTP 400 validation_failed\]/);
    expect((await run(['agents', 'show', 'nobody'], asA())).stderr).toBe('error: no agent named "nobody"\n');

    const deleted = await run(['agents', 'delete', agent.id], asA());
    expect(deleted.code).toBe(0);
    expect((await a.owner.client.get(`/api/v1/agents/${agent.id}`)).status).toBe(404);
  });

  it('shows and approves tools by name', async () => {
    const listed = await run(['tools', 'list', '--server', 'example'], asA());
    expect(listed.stdout.split('\n')[0]).toMatch(/^NAME\s+REVIEW\s+ENABLED/);
    expect(listed.stdout).toMatch(/echo\s+approved/);
    const review = await run(['tools', 'review', '--server', 'example'], asA());
    expect(review.stdout).toBe('Nothing to review.\n');
    const approved = await run(['--json', 'tools', 'approve', '--server', 'example', 'echo'], asA());
    expect(JSON.parse(approved.stdout)).toMatchObject({ name: 'echo', review: 'approved' });
  });
});

describe('governance as code through the CLI', () => {
  it('exports A, applies it to B (exports then equal), plans no change on an unchanged tenant, and a second apply changes nothing', async () => {
    const file = path.join(dir, 'tenant.yaml');
    const exported = await run(['export', '-o', file], asA());
    expect(exported.code).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^# Portcullis governance document/);
    expect(text).toContain('\nservers:\n  - slug: example\n');
    expect(text).not.toContain(tokenA);

    const unchanged = await run(['plan', '-f', file, '--detailed-exitcode'], asA());
    expect(unchanged.code).toBe(0);
    expect(unchanged.stdout).toContain('No changes. The tenant matches the document.');

    const b = await signUpOwner(app.baseUrl);
    const asB = { PORTCULLIS_URL: app.baseUrl, PORTCULLIS_TOKEN: await adminToken(b.client) };
    const planned = await run(['plan', '-f', file, '--detailed-exitcode'], asB);
    expect(planned.code).toBe(3);
    expect(planned.stdout).toContain('  + server example');
    expect(planned.stdout).toMatch(/Plan: \d+ to create, 0 to update, 0 to delete\./);
    const applied = await run(['apply', '-f', file], asB);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toMatch(/Applied: \d+ created, 0 updated, 0 deleted\./);
    // The tools of B's new server are approved by the next apply, once discovered.
    const server = (await b.client.get('/api/v1/servers')).body.items[0];
    await waitUntil(
      'tool discovery in B',
      async () =>
        (await b.client.get(`/api/v1/servers/${server.id}/tools`)).body.items?.length === a.tools.length,
    );
    expect((await run(['plan', '-f', file, '--detailed-exitcode'], asB)).code).toBe(3);
    expect((await run(['apply', '-f', file], asB)).code).toBe(0);
    const again = await run(['--json', 'apply', '-f', '-'], asB, text);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).changes).toEqual([]);

    const exportB = await run(['export'], asB);
    expect(exportB.stdout).toBe(text);
  });

  it('shows field changes, keeps deletions without --prune, and refuses a bad file', async () => {
    const b = await signUpOwner(app.baseUrl);
    const asB = { PORTCULLIS_URL: app.baseUrl, PORTCULLIS_TOKEN: await adminToken(b.client) };
    const file = path.join(dir, 'b.yaml');
    writeFileSync(
      file,
      'version: 1\nagents:\n  - name: nightly\n    tokenLifetimeSec: 600\n  - name: spare\n',
    );
    expect((await run(['apply', '-f', file], asB)).code).toBe(0);
    writeFileSync(file, 'version: 1\nagents:\n  - name: nightly\n    tokenLifetimeSec: 900\n');
    const planned = await run(['plan', '-f', file], asB);
    expect(planned.stdout).toContain('  ~ agent nightly\n      tokenLifetimeSec: 600 -> 900\n');
    expect(planned.stdout).toContain(
      '1 not in the document and kept (pass --prune to delete them): agent spare',
    );
    const pruned = await run(['plan', '-f', file, '--prune'], asB);
    expect(pruned.stdout).toContain('  - agent spare');

    writeFileSync(file, 'version: 1\nagents:\n  - name: nightly\n    tokenLifetimeSec: 5\n');
    const bad = await run(['apply', '-f', file], asB);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^error: .*document\.agents\.0\.tokenLifetimeSec: At least 60 seconds/);
    const notYaml = path.join(dir, 'broken.yaml');
    writeFileSync(notYaml, 'version: [1\n');
    expect((await run(['plan', '-f', notYaml], asB)).stderr).toMatch(
      /^error: .*broken\.yaml is not valid YAML or JSON/,
    );
    expect(
      (await b.client.get('/api/v1/agents')).body.items
        .map((x: { tokenLifetimeSec: number }) => x.tokenLifetimeSec)
        .sort(),
    ).toEqual([300, 600]);
  });
});

describe('audit, tokens and the policy lab', () => {
  it('follows the trail live', async () => {
    const child = spawn(
      process.execPath,
      [BIN, '--json', 'audit', 'tail', '-n', '0', '--interval', '1', '--action', 'agent.created'],
      { env: { PATH: process.env.PATH ?? '', ...asA() } },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    try {
      // It says when it has read where the trail stands; an agent created after that is new to it.
      await waitUntil('the tail to start following', async () => err.includes('following'));
      await a.owner.client.post('/api/v1/agents', { name: 'tailed bot' });
      const created = await waitUntil('the tail to show the new agent', async () =>
        out.includes('"agent.created"') ? out : undefined,
      );
      const event = JSON.parse(created.trim().split('\n')[0]!);
      expect(event).toMatchObject({ action: 'agent.created', outcome: 'success' });
    } finally {
      child.kill('SIGINT');
    }
  });

  it('exports the trail and verifies it offline with the portcullis-audit verifier', async () => {
    const file = path.join(dir, 'audit.ndjson');
    const exported = await run(['audit', 'export', '-o', file], asA());
    expect(exported.code).toBe(0);
    const verified = await run(['audit', 'verify', file]);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/^OK: \d+ events verified/);
    // One byte changed in an event: broken, exit 1.
    const lines = readFileSync(file, 'utf8').split('\n');
    const i = lines.findIndex((l) => l.includes('"action":"agent.created"'));
    lines[i] = lines[i]!.replace('"outcome":"success"', '"outcome":"failure"');
    writeFileSync(file, lines.join('\n'));
    const broken = await run(['audit', 'verify', file]);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/^BROKEN at seq/);
  });

  it("fetches an agent's access token with the SDK", async () => {
    const agent = (await a.owner.client.post('/api/v1/agents', { name: 'token bot' })).body;
    await a.owner.client.request('PUT', `/api/v1/agents/${agent.id}/grants/${a.serverId}`, { tools: '*' });
    const secret = (await a.owner.client.post(`/api/v1/agents/${agent.id}/secrets`, {})).body
      .clientSecret as string;
    const res = await run(['token', '--gateway-url', a.gatewayUrl, '--client-id', agent.clientId], {
      PORTCULLIS_CLIENT_SECRET: secret,
    });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout.trim()).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const noSecret = await run(['token', '--gateway-url', a.gatewayUrl, '--client-id', agent.clientId]);
    expect(noSecret.code).toBe(1);
    const wrong = await run(['token', '--gateway-url', a.gatewayUrl, '--client-id', agent.clientId], {
      PORTCULLIS_CLIENT_SECRET: 'pccs_wrong',
    });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('simulates a call against the policies', async () => {
    await a.owner.client.post('/api/v1/policies', {
      name: 'office',
      kind: 'ip',
      config: { allow: ['10.0.0.0/8'] },
    });
    await a.owner.client.post('/api/v1/agents', { name: 'sim bot' });
    const denied = await run(
      [
        'policy',
        'simulate',
        '--agent',
        'sim bot',
        '--server',
        'example',
        '--tool',
        'echo',
        '--ip',
        '192.0.2.1',
      ],
      asA(),
    );
    expect(denied.code).toBe(0);
    expect(denied.stdout).toMatch(/^DENY/);
    const allowed = await run(
      [
        '--json',
        'policy',
        'simulate',
        '--agent',
        'sim bot',
        '--server',
        'example',
        '--tool',
        'echo',
        '--ip',
        '10.1.2.3',
      ],
      asA(),
    );
    expect(JSON.parse(allowed.stdout).outcome).toBe('allow');
  });

  it('back-tests a draft on the recorded calls', async () => {
    const draft = path.join(dir, 'draft.yaml');
    writeFileSync(draft, 'name: nobody\nkind: ip\nconfig:\n  deny: [0.0.0.0/0, "::/0"]\n');
    const human = await run(['policy', 'backtest', '-f', draft], asA());
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/^evaluated\s+\d+/m);
    const json = await run(['--json', 'policy', 'backtest', '-f', draft], asA());
    expect(JSON.parse(json.stdout)).toMatchObject({
      evaluated: expect.any(Number),
      wouldDeny: expect.any(Number),
    });
    const missing = await run(['policy', 'backtest'], asA());
    expect(missing.code).toBe(2);
  });
});

// Runs the real `portcullis-audit` bin as a child process on temp files. The package is
// compiled into a private directory first, so the test does not depend on a prior build.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent } from './schema';
import {
  TENANT,
  type TenantKey,
  checkpointsAt,
  exportLines,
  makeChain,
  makeTenantKey,
} from './test-support/fixtures';

const pkgDir = resolve(__dirname, '..');
// Inside the package's node_modules so the compiled files resolve jose, zod and canonicalize.
const outDir = join(pkgDir, 'node_modules', '.cache', 'audit-core-cli-test');
const cli = join(outDir, 'cli.js');
let tmp: string;
let key: TenantKey;
let events: AuditEvent[];
let goodLines: string[];
let server: Server;
let jwksUrl: string;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], stdin?: string): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [cli, ...args], { stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

function writeExport(name: string, lines: string[]): string {
  const file = join(tmp, name);
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

beforeAll(async () => {
  const tsc = require.resolve('typescript/bin/tsc', { paths: [pkgDir] });
  execFileSync(process.execPath, [
    tsc,
    '-p',
    join(pkgDir, 'tsconfig.build.json'),
    '--outDir',
    outDir,
    '--declaration',
    'false',
    '--sourceMap',
    'false',
  ]);
  tmp = mkdtempSync(join(tmpdir(), 'audit-cli-'));
  key = await makeTenantKey('EdDSA');
  events = makeChain(12);
  const cps = await checkpointsAt(events, [5, 10], key);
  goodLines = await exportLines({
    header: { tenantId: TENANT, exportedAt: '2026-02-01T00:00:00.000Z', jwks: key.jwks },
    checkpoints: cps,
    events,
  });
  writeFileSync(join(tmp, 'jwks.json'), JSON.stringify(key.jwks));
  server = createServer((req, res) => {
    if (req.url === '/.well-known/jwks.json')
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(key.jwks));
    else res.writeHead(404).end();
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
}, 120_000);

afterAll(async () => {
  await new Promise((ok) => server?.close(ok));
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('portcullis-audit verify', () => {
  it('says OK and exits 0 for an untouched export, warning that the JWKS came from the file', async () => {
    const r = await run(['verify', writeExport('ok.ndjson', goodLines)]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('OK: 12 events verified, head seq 12, 2 checkpoints\n');
    expect(r.stderr).toMatch(/JWKS inside the export/);
    expect(r.stderr).toMatch(/after seq 10 are chained but not yet covered/);
  });

  it('uses a JWKS file or URL given with --jwks', async () => {
    const file = writeExport('ok2.ndjson', goodLines);
    const fromFile = await run(['verify', file, '--jwks', join(tmp, 'jwks.json')]);
    expect(fromFile.code).toBe(0);
    expect(fromFile.stderr).not.toMatch(/JWKS inside the export/);
    const fromUrl = await run(['verify', `--jwks=${jwksUrl}`, file]);
    expect(fromUrl.code).toBe(0);
    expect(fromUrl.stdout).toMatch(/^OK: 12 events verified/);
  });

  it('reads the export from standard input with "-"', async () => {
    const r = await run(['verify', '-'], goodLines.join('\n'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^OK: 12 events/);
  });

  it('says BROKEN with the seq and exits 1 for an edited line', async () => {
    const lines = [...goodLines];
    const i = lines.findIndex((l) => l.includes('"seq":6,'));
    lines[i] = (lines[i] as string).replace('"latencyMs":', '"latencyMs":1');
    const r = await run(['verify', writeExport('edited.ndjson', lines)]);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')[0]).toBe('BROKEN at seq 6: modified');
  });

  it('says BROKEN for a deleted line and for a cut tail', async () => {
    const deleted = goodLines.filter((l) => !l.includes('"seq":4,'));
    expect((await run(['verify', writeExport('deleted.ndjson', deleted)])).stdout).toMatch(
      /^BROKEN at seq 4: deleted/,
    );
    const cut = goodLines.slice(0, goodLines.length - 4);
    const r = await run(['verify', writeExport('cut.ndjson', cut)]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^BROKEN at seq 9: truncated/);
  });

  it('catches a cut tail whose checkpoint lines were cut too, given the checkpoints kept elsewhere', async () => {
    // The attacker drops events 9..12 and every checkpoint line from the file.
    const stripped = goodLines.filter((l) => !l.startsWith('{"type":"checkpoint"')).slice(0, 1 + 8);
    const file = writeExport('stripped.ndjson', stripped);
    expect((await run(['verify', file])).code).toBe(0);
    const kept = join(tmp, 'kept-checkpoints.ndjson');
    writeFileSync(kept, goodLines.filter((l) => l.startsWith('{"type":"checkpoint"')).join('\n') + '\n');
    const r = await run(['verify', file, '--checkpoints', kept, '--jwks', join(tmp, 'jwks.json')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^BROKEN at seq 9: truncated/);
  });

  it('counts a checkpoint found both in the export and in --checkpoints once', async () => {
    const bare = join(tmp, 'bare-checkpoints.txt');
    writeFileSync(
      bare,
      goodLines
        .filter((l) => l.startsWith('{"type":"checkpoint"'))
        .map((l) => (JSON.parse(l) as { jws: string }).jws)
        .join('\n'),
    );
    const r = await run(['verify', writeExport('ok5.ndjson', goodLines), `--checkpoints=${bare}`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('OK: 12 events verified, head seq 12, 2 checkpoints\n');
  });

  it('says BROKEN when the checkpoints were not signed by the given JWKS', async () => {
    const stranger = await makeTenantKey('EdDSA', key.kid);
    writeFileSync(join(tmp, 'stranger.json'), JSON.stringify(stranger.jwks));
    const r = await run([
      'verify',
      writeExport('ok3.ndjson', goodLines),
      '--jwks',
      join(tmp, 'stranger.json'),
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^BROKEN at seq 5: bad_checkpoint/);
  });

  it.each([
    ['no command', [], /missing command/],
    ['an unknown command', ['check', 'x'], /unknown command: check/],
    ['no file', ['verify'], /missing FILE/],
    ['--jwks without a value', ['verify', 'f', '--jwks'], /--jwks needs/],
    ['an unknown option', ['verify', 'f', '--fast'], /unknown option/],
  ])('exits 2 with usage for %s', async (_name, args, message) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/Usage: portcullis-audit verify FILE/);
  });

  it('exits 2 for a missing file, a file that is not an export, or a JWKS that is not one', async () => {
    expect((await run(['verify', join(tmp, 'nope.ndjson')])).code).toBe(2);
    const notExport = await run(['verify', writeExport('x.ndjson', ['hello'])]);
    expect(notExport.code).toBe(2);
    expect(notExport.stderr).toMatch(/not a valid export/);
    writeFileSync(join(tmp, 'notjwks.json'), '{"kty":"OKP"}');
    const badJwks = await run([
      'verify',
      writeExport('ok4.ndjson', goodLines),
      '--jwks',
      join(tmp, 'notjwks.json'),
    ]);
    expect(badJwks.code).toBe(2);
    expect(badJwks.stderr).toMatch(/not a JWKS/);
  });

  it('exits 2 when an export has checkpoints but no keys to check them', async () => {
    const header = JSON.parse(goodLines[0] as string) as Record<string, unknown>;
    delete header['jwks'];
    const r = await run([
      'verify',
      writeExport('nokeys.ndjson', [JSON.stringify(header), ...goodLines.slice(1)]),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/without a JWKS/);
  });
});

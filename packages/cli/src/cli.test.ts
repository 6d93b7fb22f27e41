// The CLI's own logic without a server: plan rendering, --set parsing, tables, one-line errors,
// the config file (private, and overridden by the environment), and resources that are the
// API's own routes. The real binary against a real API is apps/api/test/cli.test.ts.
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { API_ROUTES, ApiProblem } from '@portcullis/sdk';
import { renderPlan } from './commands/governance.js';
import { resolveCredentials, writeConfig } from './config.js';
import { bodyFrom, parseSets } from './context.js';
import { CliError, EXIT, describeError } from './errors.js';
import { table } from './output.js';
import { RESOURCES } from './resources.js';

describe('renderPlan', () => {
  it('shows each change with its sign and fields, then a summary', () => {
    const text = renderPlan({
      changes: [
        {
          action: 'create',
          resource: 'agent',
          name: 'bot',
          fields: [{ field: 'tokenLifetimeSec', to: 300 }],
        },
        {
          action: 'update',
          resource: 'policy',
          name: 'office',
          fields: [{ field: 'mode', from: 'monitor', to: 'enforce' }],
        },
        { action: 'delete', resource: 'sink', name: 'old', fields: [] },
      ],
      notApplicable: [
        { resource: 'tool', name: 'gh/search', reason: 'The upstream now advertises another definition.' },
      ],
      kept: [],
      summary: { create: 1, update: 1, delete: 1 },
    });
    expect(text).toBe(
      [
        '  + agent bot',
        '      tokenLifetimeSec: 300',
        '  ~ policy office',
        '      mode: "monitor" -> "enforce"',
        '  - sink old',
        '  ! tool gh/search: not applicable: The upstream now advertises another definition.',
        '',
        'Plan: 1 to create, 1 to update, 1 to delete.',
        '',
      ].join('\n'),
    );
  });

  it('says when nothing changes, and what was kept without --prune', () => {
    const text = renderPlan({
      changes: [],
      notApplicable: [],
      kept: [{ resource: 'agent', name: 'spare' }],
      summary: { create: 0, update: 0, delete: 0 },
    });
    expect(text).toBe(
      'No changes. The tenant matches the document.\n1 not in the document and kept (pass --prune to delete them): agent spare\n',
    );
  });
});

describe('request bodies', () => {
  it('parses --set values as JSON when they are, nested by dots', () => {
    expect(
      parseSets([
        'name=ci bot',
        'tokenLifetimeSec=600',
        'enabled=false',
        'target.tool=echo',
        'authMethods=["private_key_jwt"]',
      ]),
    ).toEqual({
      name: 'ci bot',
      tokenLifetimeSec: 600,
      enabled: false,
      target: { tool: 'echo' },
      authMethods: ['private_key_jwt'],
    });
  });

  it('refuses a malformed --set or --data as a usage error', () => {
    expect(() => parseSets(['novalue'])).toThrow(expect.objectContaining({ exitCode: EXIT.usage }));
    expect(() => bodyFrom({ data: '{not json' })).toThrow(expect.objectContaining({ exitCode: EXIT.usage }));
    expect(() => bodyFrom({ data: '[1]' })).toThrow(/must be an object/);
  });

  it('reads a YAML file and lets --set win', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'cli-')), 'b.yaml');
    writeFileSync(file, 'name: from file\ntokenLifetimeSec: 600\n');
    expect(bodyFrom({ file, set: ['tokenLifetimeSec=900'] })).toEqual({
      name: 'from file',
      tokenLifetimeSec: 900,
    });
  });
});

describe('output and errors', () => {
  it('prints aligned tables with nested columns', () => {
    expect(
      table(
        [
          { name: 'a', counts: { total: 3 }, tags: ['x', 'y'] },
          { name: 'longer', counts: { total: 10 }, tags: [] },
        ],
        ['name', 'counts.total', 'tags'],
      ),
    ).toBe('NAME    TOTAL  TAGS\na       3      x,y\nlonger  10     -\n');
  });

  it("puts the API's problem on one line with its field errors", () => {
    const e = new ApiProblem({
      status: 400,
      code: 'validation_failed',
      detail: 'The request has invalid fields.',
      errors: [{ path: 'name', message: 'Required.' }],
    });
    expect(describeError(e)).toBe(
      'The request has invalid fields. (name: Required.) [HTTP 400 validation_failed]',
    );
    expect(describeError(new CliError('plain'))).toBe('plain');
  });
});

describe('config', () => {
  it('writes the token to a 0600 file and prefers the environment', () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'cli-config-'));
    const env = { XDG_CONFIG_HOME: home };
    const file = writeConfig({ url: 'http://saved', token: 'pcat_saved' }, env);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(resolveCredentials({}, env)).toEqual({ url: 'http://saved', token: 'pcat_saved' });
    expect(
      resolveCredentials(
        { url: 'http://flag' },
        { ...env, PORTCULLIS_URL: 'http://env', PORTCULLIS_TOKEN: 'pcat_env' },
      ),
    ).toEqual({ url: 'http://flag', token: 'pcat_env' });
    expect(() => resolveCredentials({}, { XDG_CONFIG_HOME: path.join(home, 'none') })).toThrow(/no API URL/);
  });
});

describe('resources', () => {
  it("are the API's own routes, each verb with the right method", () => {
    const known = new Set(API_ROUTES);
    const methods = {
      list: 'GET',
      get: 'GET',
      create: 'POST',
      update: ['PATCH', 'PUT'],
      remove: 'DELETE',
    } as const;
    for (const spec of RESOURCES) {
      for (const [verb, route] of Object.entries(spec.routes)) {
        expect(known.has(route), `${spec.name} ${verb}`).toBe(true);
        expect([methods[verb as keyof typeof methods]].flat(), `${spec.name} ${verb}`).toContain(
          route.method,
        );
        // A child resource's route is under its agent (parameter `id`) and names the item by another parameter.
        if (spec.parent && verb !== 'list' && verb !== 'create')
          expect(Object.keys(route.params ?? {}).length, `${spec.name} ${verb}`).toBe(2);
      }
    }
  });
});

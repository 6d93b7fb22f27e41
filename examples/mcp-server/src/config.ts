// CLI configuration: read once from the environment and argv, validated, one clear line on error.
import type { ExampleServerOptions } from './server.js';

export class ConfigError extends Error {}

const FLAGS = new Set(['--stateless', '--json', '--resumable', '--help']);
const VALUED = new Set(['--port', '--host', '--path']);

function parsePort(raw: string, name: string): number {
  if (!/^\d+$/.test(raw) || Number(raw) > 65535)
    throw new ConfigError(`${name} must be a port number (0-65535), got "${raw}"`);
  return Number(raw);
}

function parseBool(raw: string | undefined, name: string): boolean | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function parseAbsoluteUrl(raw: string, name: string): string {
  try {
    const url = new URL(raw);
    if (url.protocol === 'http:' || url.protocol === 'https:') return raw;
  } catch {
    // reported below
  }
  throw new ConfigError(`${name} must be an http(s) URL, got "${raw}"`);
}

/** PLATFORM_ISSUER + PLATFORM_AUDIENCE (+ PLATFORM_RESOURCE_METADATA_URL): accept platform tokens. */
function parsePlatformAuth(env: Record<string, string | undefined>): ExampleServerOptions['platformAuth'] {
  const issuer = env.PLATFORM_ISSUER || undefined;
  const audience = env.PLATFORM_AUDIENCE || undefined;
  const metadata = env.PLATFORM_RESOURCE_METADATA_URL || undefined;
  if (!issuer && !audience && !metadata) return undefined;
  if (!issuer || !audience) throw new ConfigError('PLATFORM_ISSUER and PLATFORM_AUDIENCE go together');
  return {
    issuer: parseAbsoluteUrl(issuer, 'PLATFORM_ISSUER'),
    audience: parseAbsoluteUrl(audience, 'PLATFORM_AUDIENCE'),
    resourceMetadataUrl:
      metadata === undefined ? undefined : parseAbsoluteUrl(metadata, 'PLATFORM_RESOURCE_METADATA_URL'),
  };
}

export interface CliConfig {
  help: boolean;
  options: ExampleServerOptions;
}

/**
 * Env: MCP_HOST, MCP_PORT, MCP_PATH, MCP_STATELESS, MCP_JSON_RESPONSE, MCP_RESUMABLE, UPSTREAM_TOKEN,
 * PLATFORM_ISSUER, PLATFORM_AUDIENCE, PLATFORM_RESOURCE_METADATA_URL.
 * Flags (win over env): --host H, --port N, --path P, --stateless, --json, --resumable, --help.
 */
export function parseConfig(argv: readonly string[], env: Record<string, string | undefined>): CliConfig {
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const [name, inline] = arg.split(/=(.*)/s, 2) as [string, string | undefined];
    if (FLAGS.has(name) && inline === undefined) flags.set(name, true);
    else if (VALUED.has(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined || value === '') throw new ConfigError(`${name} needs a value`);
      flags.set(name, value);
    } else throw new ConfigError(`unknown argument "${arg}" (try --help)`);
  }
  const str = (flag: string): string | undefined => {
    const v = flags.get(flag);
    return typeof v === 'string' ? v : undefined;
  };

  const portFlag = str('--port');
  let port = 7001;
  if (portFlag !== undefined) port = parsePort(portFlag, '--port');
  else if (env.MCP_PORT !== undefined && env.MCP_PORT !== '') port = parsePort(env.MCP_PORT, 'MCP_PORT');
  const path = str('--path') ?? env.MCP_PATH ?? '/mcp';
  if (!path.startsWith('/')) throw new ConfigError(`MCP_PATH must start with "/", got "${path}"`);
  const token = env.UPSTREAM_TOKEN;
  if (token !== undefined && token !== '' && !/^[\x21-\x7e]{8,}$/.test(token)) {
    throw new ConfigError('UPSTREAM_TOKEN must be at least 8 visible ASCII characters with no spaces');
  }

  const platformAuth = parsePlatformAuth(env);
  if (platformAuth && token !== undefined && token !== '') {
    throw new ConfigError('PLATFORM_ISSUER and UPSTREAM_TOKEN are two ways to authenticate: set one');
  }

  const stateless = flags.has('--stateless') || (parseBool(env.MCP_STATELESS, 'MCP_STATELESS') ?? false);
  const resumable = flags.has('--resumable') || (parseBool(env.MCP_RESUMABLE, 'MCP_RESUMABLE') ?? false);
  if (resumable && stateless)
    throw new ConfigError('MCP_RESUMABLE needs stateful mode (sessions); unset MCP_STATELESS');

  return {
    help: flags.has('--help'),
    options: {
      host: str('--host') ?? env.MCP_HOST ?? '127.0.0.1',
      port,
      path,
      stateless,
      jsonResponse: flags.has('--json') || (parseBool(env.MCP_JSON_RESPONSE, 'MCP_JSON_RESPONSE') ?? false),
      resumable,
      requiredToken: token === '' ? undefined : token,
      platformAuth,
    },
  };
}

export const USAGE = `Usage: node dist/main.js [--host 127.0.0.1] [--port 7001] [--path /mcp] [--stateless] [--json] [--resumable]

Environment: MCP_HOST, MCP_PORT, MCP_PATH, MCP_STATELESS=1, MCP_JSON_RESPONSE=1, MCP_RESUMABLE=1,
UPSTREAM_TOKEN (require "Authorization: Bearer <token>" on every MCP request), or
PLATFORM_ISSUER + PLATFORM_AUDIENCE [+ PLATFORM_RESOURCE_METADATA_URL] (accept Portcullis access
tokens of that issuer for that audience, verified locally with @portcullis/sdk/verifier).
`;

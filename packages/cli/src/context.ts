// What every command gets: the typed API client (route contracts), output, and helpers to name
// things the way people do (a server by slug, an agent by name) and to read input files.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import {
  agentRoutes,
  createApiClient,
  serverRoutes,
  urlOf,
  type ApiClient,
  type Route,
  type RouteArgs,
} from '@portcullis/sdk';
import { resolveCredentials, type Credentials } from './config.js';
import { CliError, usage } from './errors.js';
import { stdout, type Out } from './output.js';

export interface GlobalFlags {
  url?: string;
  json?: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const VERSION = '0.1.0';

export class Context {
  readonly out: Out;
  private creds?: Credentials;
  private apiClient?: ApiClient;

  constructor(readonly flags: GlobalFlags) {
    this.out = stdout(!!flags.json);
  }

  get credentials(): Credentials {
    return (this.creds ??= resolveCredentials(this.flags));
  }

  get api(): ApiClient {
    return (this.apiClient ??= createApiClient({
      baseUrl: this.credentials.url,
      token: this.credentials.token,
      headers: { 'user-agent': `portcullis-cli/${VERSION}` },
    }));
  }

  call<R extends Route>(route: R, args: RouteArgs<R>) {
    return this.api.call(route, args);
  }

  /** A request answered with something other than JSON (an export stream). */
  async raw(
    route: Route,
    args: { params?: Record<string, string>; query?: Record<string, unknown> } = {},
  ): Promise<Response> {
    const res = await fetch(this.credentials.url.replace(/\/+$/, '') + urlOf(route, args), {
      method: route.method,
      headers: {
        authorization: `Bearer ${this.credentials.token}`,
        'user-agent': `portcullis-cli/${VERSION}`,
      },
    });
    if (!res.ok) {
      const text = await res.text();
      let detail = text.slice(0, 200) || res.statusText;
      try {
        detail = (JSON.parse(text) as { detail?: string }).detail ?? detail;
      } catch {
        /* not problem+json */
      }
      throw new CliError(`${detail} [HTTP ${res.status}]`);
    }
    return res;
  }

  /** A server's id from its id or slug. */
  async serverId(ref: string): Promise<string> {
    if (UUID.test(ref)) return ref;
    const { items } = await this.call(serverRoutes.list, {});
    const found = items.find((s) => s.slug === ref);
    if (!found) throw new CliError(`no server with slug "${ref}"`);
    return found.id;
  }

  /** An agent's id from its id, client id or (unique) name. */
  async agentId(ref: string): Promise<string> {
    if (UUID.test(ref)) return ref;
    const { items } = await this.call(agentRoutes.list, {});
    const found = items.filter((a) => a.clientId === ref || a.name === ref);
    if (found.length === 0) throw new CliError(`no agent named "${ref}"`);
    if (found.length > 1) throw new CliError(`${found.length} agents are named "${ref}": use the id`);
    return found[0]!.id;
  }
}

/** A JSON or YAML document from a file ("-": standard input). */
export function readDocument(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (e) {
    throw new CliError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    return parseYaml(text, { prettyErrors: true }) as unknown; // YAML is a superset of JSON
  } catch (e) {
    throw new CliError(`${file} is not valid YAML or JSON: ${(e as Error).message.split('\n')[0]}`);
  }
}

/** `key=value` pairs into an object; a value that parses as JSON is taken as JSON (numbers, booleans, lists). */
export function parseSets(pairs: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const pair of pairs) {
    const i = pair.indexOf('=');
    if (i <= 0) throw usage(`--set takes key=value, not "${pair}"`);
    const raw = pair.slice(i + 1);
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {
      /* a plain string */
    }
    const keys = pair.slice(0, i).split('.');
    let o = out;
    for (const k of keys.slice(0, -1)) o = (o[k] ??= {}) as Record<string, unknown>;
    o[keys.at(-1)!] = value;
  }
  return out;
}

/** A request body from --file/--data and --set (the sets win). */
export function bodyFrom(opts: { file?: string; data?: string; set?: string[] }): Record<string, unknown> {
  let base: unknown = {};
  if (opts.file && opts.data) throw usage('pass --file or --data, not both');
  if (opts.file) base = readDocument(opts.file);
  if (opts.data) {
    try {
      base = JSON.parse(opts.data);
    } catch {
      throw usage('--data must be JSON');
    }
  }
  if (typeof base !== 'object' || base === null || Array.isArray(base))
    throw usage('the body must be an object');
  return { ...(base as Record<string, unknown>), ...parseSets(opts.set ?? []) };
}

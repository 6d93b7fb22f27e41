// Where the CLI finds the API and its admin token: PORTCULLIS_URL / PORTCULLIS_TOKEN, else the
// file `portcullis login` wrote ($XDG_CONFIG_HOME/portcullis/config.json, mode 0600: the token
// is a credential).
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CliError } from './errors.js';

export interface Credentials {
  url: string;
  token: string;
}

export function configFile(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config');
  return path.join(base, 'portcullis', 'config.json');
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Partial<Credentials> {
  try {
    const parsed = JSON.parse(readFileSync(configFile(env), 'utf8')) as Partial<Credentials>;
    return {
      url: typeof parsed.url === 'string' ? parsed.url : undefined,
      token: typeof parsed.token === 'string' ? parsed.token : undefined,
    };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new CliError(`cannot read ${configFile(env)}: ${(e as Error).message}`);
  }
}

export function writeConfig(c: Credentials, env: NodeJS.ProcessEnv = process.env): string {
  const file = configFile(env);
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, `${JSON.stringify(c, null, 2)}\n`, { mode: 0o600 });
  // An existing file keeps its mode on write: make it private whatever it was.
  chmodSync(file, 0o600);
  return file;
}

/** The API and token to use: flags, then the environment, then the config file. */
export function resolveCredentials(
  flags: { url?: string },
  env: NodeJS.ProcessEnv = process.env,
): Credentials {
  const file = readConfig(env);
  const url = flags.url ?? env.PORTCULLIS_URL ?? file.url;
  const token = env.PORTCULLIS_TOKEN ?? file.token;
  if (!url) throw new CliError('no API URL: run `portcullis login --url URL` or set PORTCULLIS_URL');
  if (!token)
    throw new CliError(
      'not logged in: run `portcullis login` or set PORTCULLIS_TOKEN (an admin API token, pcat_...)',
    );
  return { url, token };
}

#!/usr/bin/env node
// portcullis-audit: offline verification of an NDJSON audit export. The only file in the
// package that touches the file system, the network and the process.
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { JSONWebKeySet } from 'jose';
import { ExportFormatError } from './line';
import { verifyNdjsonStream } from './parse';

export const USAGE = `Usage: portcullis-audit verify FILE [--jwks FILE_OR_URL] [--checkpoints FILE]

  FILE           an NDJSON audit export ("-" reads standard input)
  --jwks         the tenant's public JWKS, as a file or an http(s) URL; without it the JWKS
                 in the export header is used, which proves consistency but not authorship
  --checkpoints  signed checkpoints kept outside the export (one JWS, or one
                 {"type":"checkpoint","jws":...} line, per line); the export must reach them

Exit status: 0 the chain verifies, 1 the chain is broken, 2 usage or input error.`;

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** The export's bytes, in chunks. */
  open(file: string): AsyncIterable<string | Uint8Array>;
  jwks(source: string): Promise<unknown>;
  text(file: string): Promise<string>;
}

class UsageError extends Error {}

interface Args {
  file: string;
  jwks?: string;
  checkpoints?: string;
}

function parseArgs(argv: readonly string[]): Args {
  const [verb, ...rest] = argv;
  if (verb !== 'verify')
    throw new UsageError(verb === undefined ? 'missing command' : `unknown command: ${verb}`);
  let file: string | undefined;
  const options: Partial<Record<'jwks' | 'checkpoints', string>> = {};
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] as string;
    const name = (['jwks', 'checkpoints'] as const).find(
      (o) => arg === `--${o}` || arg.startsWith(`--${o}=`),
    );
    if (name) {
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : rest[++i];
      if (!value) throw new UsageError(`--${name} needs a value`);
      options[name] = value;
    } else if (arg.startsWith('-') && arg !== '-') {
      throw new UsageError(`unknown option: ${arg}`);
    } else if (file === undefined) {
      file = arg;
    } else {
      throw new UsageError(`unexpected argument: ${arg}`);
    }
  }
  if (file === undefined) throw new UsageError('missing FILE');
  return { file, ...options };
}

function parseCheckpointFile(text: string, source: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line, i) => {
      if (!line.startsWith('{')) return line;
      const jws = (JSON.parse(line) as { jws?: unknown }).jws;
      if (typeof jws !== 'string') throw new UsageError(`${source} line ${i + 1} has no jws`);
      return jws;
    });
}

function asJwks(value: unknown, source: string): JSONWebKeySet {
  if (typeof value !== 'object' || value === null || !Array.isArray((value as { keys?: unknown }).keys)) {
    throw new UsageError(`${source} is not a JWKS document (no "keys" array)`);
  }
  return value as JSONWebKeySet;
}

/** Runs the CLI; returns the exit status instead of exiting, so tests can call it. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const args = parseArgs(argv);
    const jwks = args.jwks === undefined ? undefined : asJwks(await io.jwks(args.jwks), args.jwks);
    const checkpoints =
      args.checkpoints === undefined
        ? undefined
        : parseCheckpointFile(await io.text(args.checkpoints), args.checkpoints);
    const result = await verifyNdjsonStream(io.open(args.file), { jwks, checkpoints });
    if (result.jwksSource === 'header' && result.checkpointCount > 0) {
      io.err(
        "warning: checkpoints were checked against the JWKS inside the export itself; pass --jwks with the tenant's published JWKS to prove who signed them",
      );
    }
    if (!result.ok) {
      io.out(`BROKEN at seq ${result.firstBrokenSeq ?? '?'}: ${result.problem ?? 'unknown'}`);
      io.out(`  ${result.message}`);
      return 1;
    }
    const head = result.headSeq ?? result.header.anchor?.seq ?? 0;
    const cps = result.checkpointCount;
    io.out(
      `OK: ${result.verifiedCount} events verified, head seq ${head}, ${cps} checkpoint${cps === 1 ? '' : 's'}`,
    );
    if (cps === 0)
      io.err(
        'warning: the export has no signed checkpoint, so a cut tail or a full rewrite cannot be ruled out',
      );
    else if (result.lastCheckpointSeq !== undefined && result.lastCheckpointSeq < head) {
      io.err(
        `note: events after seq ${result.lastCheckpointSeq} are chained but not yet covered by a signed checkpoint`,
      );
    }
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`error: ${err.message}`);
      io.err(USAGE);
    } else if (err instanceof ExportFormatError) {
      io.err(`error: not a valid export: ${err.message}`);
    } else {
      io.err(`error: ${err instanceof Error ? err.message : String(err)}`);
    }
    return 2;
  }
}

async function loadJwks(source: string): Promise<unknown> {
  if (/^https?:\/\//i.test(source)) {
    const res = await fetch(source, {
      signal: AbortSignal.timeout(15_000),
      headers: { accept: 'application/json' },
    });
    if (!res.ok) throw new Error(`fetching ${source} failed: HTTP ${res.status}`);
    return res.json();
  }
  return JSON.parse(await readFile(source, 'utf8'));
}

export const nodeIo: CliIo = {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
  open: (file) => (file === '-' ? process.stdin : createReadStream(file, { highWaterMark: 256 * 1024 })),
  jwks: loadJwks,
  text: (file) => readFile(file, 'utf8'),
};

if (require.main === module) {
  void runCli(process.argv.slice(2), nodeIo).then((code) => {
    process.exitCode = code;
  });
}

#!/usr/bin/env node
// portcullis-audit: offline verification of an NDJSON audit export. The only file in the
// package that touches the file system, the network and the process.
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { JSONWebKeySet } from 'jose';
import { ExportFormatError } from './line';
import { verifyNdjsonStream } from './parse';

export const USAGE = `Usage: portcullis-audit verify FILE [--jwks FILE_OR_URL]

  FILE    an NDJSON audit export ("-" reads standard input)
  --jwks  the tenant's public JWKS, as a file or an http(s) URL; without it the JWKS
          in the export header is used, which proves consistency but not authorship

Exit status: 0 the chain verifies, 1 the chain is broken, 2 usage or input error.`;

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** The export's bytes, in chunks. */
  open(file: string): AsyncIterable<string | Uint8Array>;
  jwks(source: string): Promise<unknown>;
}

class UsageError extends Error {}

function parseArgs(argv: readonly string[]): { file: string; jwks?: string } {
  const [verb, ...rest] = argv;
  if (verb !== 'verify')
    throw new UsageError(verb === undefined ? 'missing command' : `unknown command: ${verb}`);
  let file: string | undefined;
  let jwks: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] as string;
    if (arg === '--jwks') {
      jwks = rest[++i];
      if (jwks === undefined) throw new UsageError('--jwks needs a file or URL');
    } else if (arg.startsWith('--jwks=')) {
      jwks = arg.slice('--jwks='.length);
    } else if (arg.startsWith('-') && arg !== '-') {
      throw new UsageError(`unknown option: ${arg}`);
    } else if (file === undefined) {
      file = arg;
    } else {
      throw new UsageError(`unexpected argument: ${arg}`);
    }
  }
  if (file === undefined) throw new UsageError('missing FILE');
  return { file, jwks };
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
    const result = await verifyNdjsonStream(io.open(args.file), { jwks });
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
};

if (require.main === module) {
  void runCli(process.argv.slice(2), nodeIo).then((code) => {
    process.exitCode = code;
  });
}

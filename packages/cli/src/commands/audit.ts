// The audit trail: follow it live, download it, verify a download offline.
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { auditRoutes, type AuditEventView } from '@portcullis/sdk';
import { nodeIo, runCli } from '@portcullis/audit-core/cli';
import type { Context } from '../context.js';
import { usage } from '../errors.js';

const line = (e: AuditEventView) =>
  `${e.time}  #${e.seq}  ${e.action.padEnd(24)} ${e.outcome.padEnd(8)} ${e.actor.label ?? e.actor.id}${e.target ? ` -> ${e.target.type} ${e.target.label ?? e.target.id}` : ''}${e.reason ? `  (${e.reason})` : ''}\n`;

const positive = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw usage(`${name} takes a whole number`);
  return n;
};

export function registerAudit(program: Command, context: () => Context): void {
  const audit = program.command('audit').description('the audit trail: tail, export, verify');

  audit
    .command('tail')
    .description(
      'Follow the trail live: the latest events, then each new one as it is recorded (Ctrl-C stops)',
    )
    .option('-n, --lines <n>', 'how many recent events to show first', positive('--lines'), 10)
    .option('--action <action>', 'only this action (e.g. agent.created)')
    .option('--outcome <outcome>', 'only this outcome (success, failure, denied, error)')
    .option('--interval <seconds>', 'how often to look for new events', positive('--interval'), 2)
    .option('--no-follow', 'print the recent events and stop')
    .action(
      async (opts: {
        lines: number;
        action?: string;
        outcome?: 'success' | 'failure' | 'denied' | 'error';
        interval: number;
        follow: boolean;
      }) => {
        const ctx = context();
        const filters = {
          ...(opts.action ? { action: opts.action } : {}),
          ...(opts.outcome ? { outcome: opts.outcome } : {}),
        };
        const write = (e: AuditEventView) => ctx.out.write(ctx.out.json ? `${JSON.stringify(e)}\n` : line(e));
        const first = await ctx.call(auditRoutes.events, {
          query: { ...filters, limit: Math.max(1, opts.lines) },
        });
        const recent = opts.lines === 0 ? [] : [...first.items].reverse();
        recent.forEach(write);
        let last = first.items[0]?.seq ?? 0;
        if (!opts.follow) return;
        process.stderr.write('following the trail (Ctrl-C stops)\n');
        let stopped = false;
        process.once('SIGINT', () => (stopped = true));
        while (!stopped) {
          await new Promise((r) => setTimeout(r, opts.interval * 1000));
          // Newest first, a page at a time, down to what was already shown.
          const fresh: AuditEventView[] = [];
          let cursor: string | undefined;
          for (;;) {
            const page = await ctx.call(auditRoutes.events, {
              query: { ...filters, limit: 200, ...(cursor ? { cursor } : {}) },
            });
            const newer = page.items.filter((e) => e.seq > last);
            fresh.push(...newer);
            if (newer.length < page.items.length || !page.nextCursor) break;
            cursor = page.nextCursor;
          }
          fresh.reverse().forEach(write);
          if (fresh.length > 0) last = fresh.at(-1)!.seq;
        }
      },
    );

  audit
    .command('export')
    .description(
      'Download the trail: NDJSON (the whole hash chain with its checkpoints, verifiable offline) or CSV',
    )
    .option('--format <format>', 'ndjson or csv', 'ndjson')
    .option('-o, --output <file>', 'write to a file instead of standard output')
    .option('--from <time>', 'CSV: events from this ISO time')
    .option('--to <time>', 'CSV: events up to this ISO time')
    .option('--action <action>', 'CSV: only this action')
    .action(
      async (opts: { format: string; output?: string; from?: string; to?: string; action?: string }) => {
        if (opts.format !== 'ndjson' && opts.format !== 'csv') throw usage('--format is ndjson or csv');
        const ctx = context();
        const res = await ctx.raw(auditRoutes.export, {
          query: { format: opts.format, from: opts.from, to: opts.to, action: opts.action },
        });
        const body = Readable.fromWeb(res.body! as never);
        // Standard output stays open (other output may follow); a file is closed when complete.
        if (opts.output) await pipeline(body, createWriteStream(opts.output));
        else await pipeline(body, process.stdout, { end: false });
        if (opts.output)
          process.stderr.write(
            `wrote ${res.headers.get('x-audit-events') ?? 'the'} events to ${opts.output}\n`,
          );
      },
    );

  audit
    .command('verify')
    .argument('<file>', 'an NDJSON export ("-": standard input)')
    .description(
      'Verify an export offline: the hash chain and its signed checkpoints (the portcullis-audit verifier)',
    )
    .option('--jwks <file-or-url>', "the tenant's published JWKS (proves who signed the checkpoints)")
    .option('--checkpoints <file>', 'signed checkpoints kept outside the export')
    .action(async (file: string, opts: { jwks?: string; checkpoints?: string }) => {
      const args = [
        'verify',
        file,
        ...(opts.jwks ? ['--jwks', opts.jwks] : []),
        ...(opts.checkpoints ? ['--checkpoints', opts.checkpoints] : []),
      ];
      // Its exit codes are ours: 0 verified, 1 broken, 2 usage or unreadable input.
      process.exitCode = await runCli(args, nodeIo);
    });
}

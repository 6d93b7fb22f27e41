import { beforeAll, describe, expect, it } from 'vitest';
import { chainEvents } from './chain';
import { toNdjsonLines } from './export';
import { GENESIS_HASH } from './hash';
import { ExportFormatError } from './line';
import { parseNdjsonExport, splitLines, verifyNdjsonExport, verifyNdjsonStream } from './parse';
import type { AuditEvent } from './schema';
import {
  TENANT,
  type TenantKey,
  asAsync,
  checkpointsAt,
  exportLines,
  makeChain,
  makeInputs,
  makeTenantKey,
} from './test-support/fixtures';
import { verifyChain } from './verify';

let key: TenantKey;
let events: AuditEvent[];
let cps: string[];
const exportedAt = '2026-02-01T00:00:00.000Z';

beforeAll(async () => {
  key = await makeTenantKey('ES256');
  events = makeChain(12);
  cps = await checkpointsAt(events, [5, 12], key);
});

const source = () => ({ header: { tenantId: TENANT, exportedAt, jwks: key.jwks }, checkpoints: cps, events });

describe('NDJSON export', () => {
  it('writes a header, then the checkpoints, then one event per line', async () => {
    const lines = await exportLines(source());
    expect(lines).toHaveLength(1 + 2 + 12);
    expect(JSON.parse(lines[0] as string)).toEqual({
      type: 'header',
      tenantId: TENANT,
      exportedAt,
      format: 1,
      jwks: key.jwks,
    });
    expect(JSON.parse(lines[1] as string)).toEqual({ type: 'checkpoint', jws: cps[0] });
    // An event line is plain JSON: {type: 'event', ...event}.
    expect(JSON.parse(lines[3] as string)).toEqual({ type: 'event', ...events[0] });
    expect(lines.every((l) => !l.includes('\n'))).toBe(true);
  });

  it('round-trips through parseNdjsonExport into verifyChain', async () => {
    const parsed = await parseNdjsonExport(await exportLines(source()));
    expect(parsed.header.tenantId).toBe(TENANT);
    expect(parsed.checkpoints).toEqual(cps);
    const seen: unknown[] = [];
    async function* tap() {
      for await (const e of parsed.events) {
        seen.push(e);
        yield e;
      }
    }
    const r = await verifyChain(tap(), {
      checkpoints: parsed.checkpoints,
      jwks: parsed.header.jwks,
      tenantId: parsed.header.tenantId,
    });
    expect(r).toMatchObject({ ok: true, verifiedCount: 12, checkpointCount: 2 });
    expect(seen).toEqual(JSON.parse(JSON.stringify(events)));
  });

  it('streams a large export from an async source through byte chunks and back', async () => {
    const total = 20_000;
    async function* lazyEvents() {
      let prev = GENESIS_HASH;
      for (let seq = 1; seq <= total; seq += 1000) {
        const batch = chainEvents(prev, makeInputs(1000), seq);
        prev = (batch.at(-1) as AuditEvent).hash;
        yield* batch;
      }
    }
    // Re-chunk the text stream at odd boundaries, as a socket or file would.
    async function* bytes() {
      let buffered = '';
      for await (const line of toNdjsonLines({
        header: { tenantId: TENANT, exportedAt },
        events: lazyEvents(),
      })) {
        buffered += line;
        while (buffered.length > 4093) {
          yield Buffer.from(buffered.slice(0, 4093));
          buffered = buffered.slice(4093);
        }
      }
      yield Buffer.from(buffered);
    }
    const r = await verifyNdjsonExport(splitLines(bytes()));
    expect(r).toMatchObject({ ok: true, verifiedCount: total, headSeq: total, jwksSource: 'none' });
    const direct = await verifyNdjsonStream(bytes());
    expect(direct).toMatchObject({ ok: true, verifiedCount: total, headSeq: total });
  });

  it('refuses an event of another tenant', async () => {
    const lines = toNdjsonLines({ header: { tenantId: 'tnt_other', exportedAt }, events });
    await expect(async () => {
      for await (const _ of lines) void _;
    }).rejects.toThrow(/another tenant/);
  });
});

describe('verifyNdjsonExport', () => {
  it('takes the JWKS from the header unless one is given, and says which', async () => {
    const lines = await exportLines(source());
    expect(await verifyNdjsonExport(lines)).toMatchObject({ ok: true, jwksSource: 'header' });
    const stranger = await makeTenantKey('ES256', key.kid);
    expect(await verifyNdjsonExport(lines, { jwks: stranger.jwks })).toMatchObject({
      ok: false,
      problem: 'bad_checkpoint',
      jwksSource: 'option',
    });
  });

  it('finds a line edited in the file', async () => {
    const lines = await exportLines(source());
    const i = lines.findIndex((l) => l.includes('"seq":6,'));
    lines[i] = (lines[i] as string).replace('"outcome":"success"', '"outcome":"failure"');
    expect(lines[i]).toContain('"outcome":"failure"');
    expect(await verifyNdjsonExport(lines)).toMatchObject({
      ok: false,
      problem: 'modified',
      firstBrokenSeq: 6,
    });
  });

  it('still verifies an export whose lines were re-serialised by another tool', async () => {
    const lines = (await exportLines(source())).map((l) => {
      const v = JSON.parse(l) as Record<string, unknown>;
      return JSON.stringify(Object.fromEntries(Object.entries(v).reverse()), null, 0);
    });
    expect(await verifyNdjsonExport(lines)).toMatchObject({ ok: true, verifiedCount: 12 });
  });

  it('reports an unreadable event line as a break at the seq it should have had', async () => {
    const lines = await exportLines(source());
    lines[3 + 4] = '{"type":"event", oops';
    expect(await verifyNdjsonExport(lines)).toMatchObject({
      ok: false,
      problem: 'modified',
      firstBrokenSeq: 5,
    });
  });

  it('verifies a retained tail from the anchor in the header', async () => {
    const lines = await exportLines({
      header: {
        tenantId: TENANT,
        exportedAt,
        jwks: key.jwks,
        anchor: { seq: 5, hash: (events[4] as AuditEvent).hash },
      },
      checkpoints: [...cps, ...(await checkpointsAt(events, [5], key, 'retention'))],
      events: events.slice(5),
    });
    expect(await verifyNdjsonExport(asAsync(lines))).toMatchObject({
      ok: true,
      verifiedCount: 7,
      headSeq: 12,
    });
  });
});

describe('parseNdjsonExport: format errors', () => {
  it.each([
    ['an empty file', [], /empty export/],
    ['no header', ['{"type":"event"}'], /no header/],
    [
      'a newer format',
      ['{"type":"header","tenantId":"t","exportedAt":"x","format":2}'],
      /unsupported export format 2/,
    ],
    [
      'a checkpoint line without a jws',
      ['{"type":"header","tenantId":"t","exportedAt":"x","format":1}', '{"type":"checkpoint"}'],
      /without a jws/,
    ],
  ])('rejects %s', async (_name, lines, message) => {
    await expect(parseNdjsonExport(lines)).rejects.toThrow(message);
  });

  it('rejects a checkpoint after the events, naming the line', async () => {
    const lines = await exportLines(source());
    const moved = [lines[0], lines[2], ...lines.slice(3), lines[1]] as string[];
    const err = await verifyNdjsonExport(moved).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExportFormatError);
    expect((err as ExportFormatError).line).toBe(moved.length);
  });
});

describe('verifyNdjsonStream', () => {
  it('stops reading and closes the stream once the verdict is known', async () => {
    const lines = await exportLines(source());
    lines[4] = (lines[4] as string).replace('"outcome":"success"', '"outcome":"failure"');
    let closed = false;
    let served = 0;
    async function* perLine() {
      try {
        for (const l of lines) {
          served++;
          yield l + '\n';
        }
      } finally {
        closed = true;
      }
    }
    const r = await verifyNdjsonStream(perLine());
    expect(r).toMatchObject({ ok: false, problem: 'modified', firstBrokenSeq: 2 });
    expect(closed).toBe(true);
    expect(served).toBeLessThan(lines.length);
  });

  it('accepts an export without a final newline, and refuses an empty one', async () => {
    const text = (await exportLines(source())).join('\n');
    expect(await verifyNdjsonStream([text])).toMatchObject({ ok: true, verifiedCount: 12 });
    await expect(verifyNdjsonStream([])).rejects.toBeInstanceOf(ExportFormatError);
  });
});

describe('splitLines', () => {
  it('splits across chunk boundaries, inside multi-byte characters, with CRLF and no final newline', async () => {
    const text = 'alpha\r\nbé€ta\n\ngamma🙂';
    const bytes = Buffer.from(text);
    const chunks = Array.from({ length: bytes.length }, (_, i) => bytes.subarray(i, i + 1));
    const out: string[] = [];
    for await (const line of splitLines(chunks)) out.push(line);
    expect(out).toEqual(['alpha', 'bé€ta', '', 'gamma🙂']);
  });

  it('refuses bytes that are not UTF-8', async () => {
    await expect(async () => {
      for await (const _ of splitLines([Buffer.from([0x61, 0xff, 0x0a])])) void _;
    }).rejects.toThrow();
  });
});

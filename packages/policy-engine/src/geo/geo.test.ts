import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createGeoipLiteResolver } from './geoip-lite';
import { openMaxMindResolver } from './maxmind';

// ---- A minimal MaxMind DB writer (IPv4 tree, 24-bit records), enough for a real fixture. ----
type Value = string | number | Record<string, unknown> | unknown[];

function ctrl(type: number, size: number): Buffer {
  const ext = type > 7;
  const first = ((ext ? 0 : type) << 5) | size;
  return Buffer.from(ext ? [first, type - 7] : [first]);
}

function encode(v: Value): Buffer {
  if (typeof v === 'string') {
    const b = Buffer.from(v, 'utf8');
    return Buffer.concat([ctrl(2, b.length), b]);
  }
  if (typeof v === 'number') {
    const bytes: number[] = [];
    for (let n = v; n > 0; n = Math.floor(n / 256)) bytes.unshift(n % 256);
    return Buffer.concat([ctrl(v > 0xffffffff ? 9 : v > 0xffff ? 6 : 5, bytes.length), Buffer.from(bytes)]);
  }
  if (Array.isArray(v)) return Buffer.concat([ctrl(11, v.length), ...v.map((x) => encode(x as Value))]);
  const entries = Object.entries(v);
  return Buffer.concat([
    ctrl(7, entries.length),
    ...entries.flatMap(([k, x]) => [encode(k), encode(x as Value)]),
  ]);
}

function writeMmdb(path: string, networks: Array<[cidr: string, country: string]>): void {
  const nodes: Array<[number | string | null, number | string | null]> = [[null, null]];
  for (const [cidr] of networks) {
    const [addr, bitsText] = cidr.split('/');
    const ip = addr!.split('.').reduce((n, o) => n * 256 + Number(o), 0);
    const bits = Number(bitsText);
    let node = 0;
    for (let i = 0; i < bits; i++) {
      const bit = Math.floor(ip / 2 ** (31 - i)) % 2;
      if (i === bits - 1) {
        nodes[node]![bit] = `data:${cidr}`;
      } else {
        if (typeof nodes[node]![bit] !== 'number') {
          nodes.push([null, null]);
          nodes[node]![bit] = nodes.length - 1;
        }
        node = nodes[node]![bit] as number;
      }
    }
  }
  const data: Buffer[] = [];
  const offsets = new Map<string, number>();
  let offset = 0;
  for (const [cidr, country] of networks) {
    const rec = encode({ country: { iso_code: country } });
    offsets.set(`data:${cidr}`, offset);
    data.push(rec);
    offset += rec.length;
  }
  const count = nodes.length;
  const tree = Buffer.alloc(count * 6);
  nodes.forEach((pair, i) => {
    pair.forEach((r, side) => {
      const value = r === null ? count : typeof r === 'number' ? r : count + 16 + offsets.get(r)!;
      tree.writeUIntBE(value, i * 6 + side * 3, 3);
    });
  });
  const metadata = encode({
    node_count: count,
    record_size: 24,
    ip_version: 4,
    database_type: 'Test-Country',
    languages: ['en'],
    binary_format_major_version: 2,
    binary_format_minor_version: 0,
    build_epoch: 1_700_000_000,
    description: { en: 'fixture' },
  });
  const marker = Buffer.concat([Buffer.from([0xab, 0xcd, 0xef]), Buffer.from('MaxMind.com')]);
  writeFileSync(path, Buffer.concat([tree, Buffer.alloc(16), ...data, marker, metadata]));
}

const dir = mkdtempSync(join(tmpdir(), 'pe-geo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('MaxMind resolver', () => {
  it('reads country codes from an .mmdb file by path', async () => {
    const file = join(dir, 'test.mmdb');
    writeMmdb(file, [
      ['81.2.69.0/24', 'GB'],
      ['2.125.160.0/20', 'DE'],
    ]);
    const geo = await openMaxMindResolver(file);
    expect(geo.country('81.2.69.160')).toBe('GB');
    expect(geo.country('::ffff:81.2.69.160')).toBe('GB');
    expect(geo.country('2001:db8::1')).toBeUndefined();
    expect(geo.country('2.125.175.1')).toBe('DE');
    expect(geo.country('2.125.176.1')).toBeUndefined();
    expect(geo.country('10.0.0.1')).toBeUndefined();
    expect(geo.country('not an ip')).toBeUndefined();
  });

  it('fails to open a missing file', async () => {
    await expect(openMaxMindResolver(join(dir, 'missing.mmdb'))).rejects.toThrow();
  });
});

describe('geoip-lite resolver', () => {
  it('resolves public addresses from the bundled data and leaves private ones unknown', () => {
    const geo = createGeoipLiteResolver();
    expect(geo.country('8.8.8.8')).toBe('US');
    expect(geo.country('::ffff:8.8.8.8')).toBe('US');
    expect(geo.country('192.168.1.1')).toBeUndefined();
    expect(geo.country('garbage')).toBeUndefined();
  });
});

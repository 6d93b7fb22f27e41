import { describe, expect, it } from 'vitest';
import {
  apiTokenRoutes,
  authRoutes,
  memberRoutes,
  serverRoutes,
  signingKeyRoutes,
  tenantRoutes,
} from '@portcullis/sdk';
import { describeUserAgent, formatBytes, formatDate, formatRelative, slugify } from './format';
import { can } from './permissions';

describe('slugify', () => {
  it('makes a valid tenant slug of a name', () => {
    expect(slugify('Acme Corp.')).toBe('acme-corp');
    expect(slugify('  Ünïcode — Team 42 ')).toBe('unicode-team-42');
    expect(slugify('a'.repeat(50))).toHaveLength(40);
  });
});

describe('formatRelative', () => {
  const now = new Date('2026-01-10T12:00:00Z');
  it('speaks in the largest unit', () => {
    expect(formatRelative('2026-01-13T12:00:00Z', now)).toBe('in 3 days');
    expect(formatRelative('2026-01-10T10:00:00Z', now)).toBe('2 hours ago');
    expect(formatRelative('2026-01-10T11:59:50Z', now)).toBe('just now');
    expect(formatRelative(null, now)).toBe('—');
  });
});

describe('formatDate', () => {
  it('tolerates missing and invalid values', () => {
    expect(formatDate(undefined)).toBe('—');
    expect(formatDate('not a date')).toBe('—');
    expect(formatDate('2026-01-10T12:00:00Z')).toMatch(/2026/);
  });
});

describe('describeUserAgent', () => {
  it('names browser and system', () => {
    expect(
      describeUserAgent(
        'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36',
      ),
    ).toBe('Chrome on Linux');
    expect(describeUserAgent(null)).toBe('Unknown device');
  });
});

describe('can', () => {
  it('follows the API access rules', () => {
    expect(can('owner', memberRoutes.invite)).toBe(true);
    expect(can('admin', memberRoutes.invite)).toBe(false);
    expect(can('auditor', memberRoutes.list)).toBe(true);
    expect(can('member', memberRoutes.list)).toBe(false);
    expect(can('admin', apiTokenRoutes.create)).toBe(true);
    expect(can('auditor', apiTokenRoutes.create)).toBe(false);
    expect(can(undefined, tenantRoutes.update)).toBe(false);
    expect(can('admin', serverRoutes.create)).toBe(true);
    expect(can('auditor', serverRoutes.create)).toBe(false);
    expect(can('auditor', signingKeyRoutes.rotate)).toBe(false);
    expect(can('member', authRoutes.session)).toBe(true);
  });
});

describe('formatBytes', () => {
  it('picks the largest binary unit and keeps two decimals at most', () => {
    expect(formatBytes(10 * 1024 * 1024)).toBe('10 MiB');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(1000)).toBe('1000 bytes');
  });
});

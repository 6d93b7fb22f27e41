import { describe, expect, it } from 'vitest';
import { auditRoutes, urlOf } from '@portcullis/sdk';
import {
  apiQuery,
  auditHref,
  filtersFromParams,
  filtersToParams,
  fromLocalInput,
  hasFilters,
  timeBounds,
  toLocalInput,
} from './audit-query';

describe('audit explorer filters', () => {
  it('round-trips through the page URL and drops what is malformed', () => {
    const f = filtersFromParams(
      new URLSearchParams('range=7d&action=gateway.call&outcome=denied&tool=echo&q=%20limit%20&bogus=1'),
    );
    expect(f).toEqual({ range: '7d', action: 'gateway.call', outcome: 'denied', tool: 'echo', q: 'limit' });
    expect(filtersToParams(f).toString()).toBe(
      'range=7d&outcome=denied&action=gateway.call&tool=echo&q=limit',
    );
    expect(filtersFromParams(new URLSearchParams('range=2y&outcome=maybe&from=not-a-date'))).toEqual({});
  });

  it("links to one request's events", () => {
    expect(auditHref({ request: 'req 1' })).toBe('/audit?request=req+1');
    expect(filtersFromParams(new URLSearchParams('request=req-1'))).toEqual({ request: 'req-1' });
  });

  it('keeps a custom range as ISO instants, and a preset wins over from/to', () => {
    expect(
      filtersFromParams(new URLSearchParams('from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00.000Z')),
    ).toEqual({
      from: '2026-01-01T00:00:00.000Z',
      to: '2026-01-02T00:00:00.000Z',
    });
    expect(filtersFromParams(new URLSearchParams('range=1h&from=2026-01-01T00:00:00Z'))).toEqual({
      range: '1h',
    });
  });

  it('resolves a preset against the clock for the API, with paging', () => {
    const now = new Date('2026-03-01T12:00:00.000Z');
    expect(timeBounds({ range: '24h' }, now)).toEqual({ from: '2026-02-28T12:00:00.000Z' });
    const query = apiQuery({ range: '1h', server: ' s1 ', outcome: 'denied' }, now, {
      cursor: '42',
      limit: 50,
    });
    expect(query).toEqual({
      from: '2026-03-01T11:00:00.000Z',
      outcome: 'denied',
      server: 's1',
      cursor: '42',
      limit: 50,
    });
    expect(urlOf(auditRoutes.events, { query })).toBe(
      '/api/v1/audit/events?from=2026-03-01T11%3A00%3A00.000Z&outcome=denied&server=s1&cursor=42&limit=50',
    );
    expect(apiQuery({}, now)).toEqual({});
  });

  it('links into the explorer', () => {
    expect(auditHref({})).toBe('/audit');
    expect(auditHref({ action: 'gateway.call', outcome: 'denied', range: '24h' })).toBe(
      '/audit?range=24h&outcome=denied&action=gateway.call',
    );
    expect(hasFilters({ q: '  ' })).toBe(false);
    expect(hasFilters({ agent: 'a' })).toBe(true);
  });

  it('converts datetime-local values in the browser zone', () => {
    const iso = '2026-05-06T07:08:00.000Z';
    expect(fromLocalInput(toLocalInput(iso))).toBe(iso);
    expect(fromLocalInput('')).toBeUndefined();
    expect(toLocalInput(undefined)).toBe('');
  });
});

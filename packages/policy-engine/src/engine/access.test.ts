import { describe, expect, it } from 'vitest';
import { compilePolicies, PolicyCompileError } from './compile';
import { evaluate } from './evaluate';
import { call, ipPolicy, policy } from './test-fixtures';

describe('IP policies', () => {
  it('allows when nothing applies and explains nothing', async () => {
    const d = await evaluate([], call());
    expect(d).toEqual({ outcome: 'allow', headers: {}, deniedBy: [], explanation: [] });
  });

  it('denies an address in the deny list with 403 and names the CIDR', async () => {
    const p = ipPolicy({ deny: ['203.0.113.0/24'] });
    const d = await evaluate([p], call());
    expect(d).toMatchObject({ outcome: 'deny', status: 403, deniedBy: [p.id] });
    expect(d.explanation[0]).toMatchObject({
      policyId: p.id,
      kind: 'ip',
      mode: 'enforce',
      matched: true,
      outcome: 'deny',
    });
    expect(d.explanation[0]!.reason).toContain('203.0.113.0/24');
  });

  it('refuses addresses outside an allow list, including at the boundary', async () => {
    const p = ipPolicy({ allow: ['203.0.113.0/25'] });
    expect((await evaluate([p], call({ ip: '203.0.113.127' }))).outcome).toBe('allow');
    expect((await evaluate([p], call({ ip: '203.0.113.128' }))).outcome).toBe('deny');
  });

  it('matches IPv4-mapped IPv6 clients against IPv4 lists', async () => {
    const p = ipPolicy({ allow: ['10.0.0.0/8'] });
    expect((await evaluate([p], call({ ip: '::ffff:10.1.2.3' }))).outcome).toBe('allow');
    expect((await evaluate([p], call({ ip: '::ffff:11.1.2.3' }))).outcome).toBe('deny');
  });

  it('refuses an unparseable client address rather than guessing', async () => {
    const d = await evaluate([ipPolicy({ deny: ['192.0.2.0/24'] })], call({ ip: 'unknown' }));
    expect(d.outcome).toBe('deny');
    expect(d.explanation[0]!.reason).toMatch(/not a valid IP/);
  });
});

describe('combining', () => {
  it('lets the most specific target win within a kind', async () => {
    const tenant = ipPolicy({ allow: ['10.0.0.0/8'] });
    const agent = ipPolicy({ allow: ['203.0.113.0/24'] }, { target: { agentId: 'agent-1' } });
    const d = await evaluate([tenant, agent], call());
    expect(d.outcome).toBe('allow');
    expect(d.explanation.map((e) => [e.policyId, e.outcome])).toEqual([
      [tenant.id, 'skipped'],
      [agent.id, 'allow'],
    ]);
    expect(d.explanation[0]!.reason).toBe(
      `overridden by more specific policy '${agent.name}' (for agent 'agent-1')`,
    );
    // Another agent still gets the tenant-wide list.
    expect((await evaluate([tenant, agent], call({ agentId: 'agent-2' }))).outcome).toBe('deny');
  });

  it('ranks tool+agent+server above every narrower combination', async () => {
    const targets = [
      {},
      { serverId: 'srv-1' },
      { agentId: 'agent-1' },
      { agentId: 'agent-1', serverId: 'srv-1' },
      { tool: 'search' },
      { tool: 'search', serverId: 'srv-1' },
      { tool: 'search', agentId: 'agent-1' },
    ];
    const losers = targets.map((target) => ipPolicy({ deny: ['0.0.0.0/0'] }, { target, priority: 1000 }));
    const winner = ipPolicy(
      { allow: ['0.0.0.0/0'] },
      { target: { tool: 'search', agentId: 'agent-1', serverId: 'srv-1' } },
    );
    const d = await evaluate([...losers, winner], call());
    expect(d.outcome).toBe('allow');
    expect(d.explanation.filter((e) => e.outcome === 'skipped')).toHaveLength(targets.length);
  });

  it('breaks specificity ties by priority, and exact ties by deny', async () => {
    const low = ipPolicy({ allow: ['203.0.113.0/24'] }, { priority: 0 });
    const high = ipPolicy({ deny: ['203.0.113.0/24'] }, { priority: 5 });
    const d = await evaluate([low, high], call());
    expect(d).toMatchObject({ outcome: 'deny', deniedBy: [high.id] });
    expect(d.explanation[0]!.reason).toBe(`overridden by higher-priority policy '${high.name}' (priority 5)`);

    const a = ipPolicy({ allow: ['203.0.113.0/24'] });
    const b = ipPolicy({ deny: ['203.0.113.0/24'] });
    const tie = await evaluate([a, b], call());
    expect(tie).toMatchObject({ outcome: 'deny', deniedBy: [b.id] });
    expect(tie.explanation.map((e) => e.outcome)).toEqual(['allow', 'deny']);
  });

  it('denies when any kind denies, whatever the others say', async () => {
    const ip = ipPolicy({ allow: ['0.0.0.0/0'] });
    const geo = policy('geo', { denyCountries: ['DE'], unknownCountry: 'allow' });
    const d = await evaluate([ip, geo], call());
    expect(d).toMatchObject({ outcome: 'deny', status: 403, deniedBy: [geo.id] });
  });

  it('records monitor-mode verdicts without blocking', async () => {
    const p = ipPolicy({ deny: ['0.0.0.0/0'] }, { mode: 'monitor' });
    const d = await evaluate([p], call());
    expect(d.outcome).toBe('allow');
    expect(d.explanation[0]).toMatchObject({ mode: 'monitor', outcome: 'deny', matched: true });
  });

  it('does not let a monitor-mode policy override an enforced one, and says when it would lose', async () => {
    const enforced = ipPolicy({ deny: ['0.0.0.0/0'] }, { target: { agentId: 'agent-1' } });
    const shadowWins = ipPolicy(
      { allow: ['0.0.0.0/0'] },
      { mode: 'monitor', target: { agentId: 'agent-1', tool: 'search' } },
    );
    const shadowLoses = ipPolicy({ allow: ['0.0.0.0/0'] }, { mode: 'monitor' });
    const d = await evaluate([enforced, shadowWins, shadowLoses], call());
    expect(d.outcome).toBe('deny');
    expect(d.explanation.map((e) => e.outcome)).toEqual(['deny', 'allow', 'skipped']);
    expect(d.explanation[2]!.reason).toMatch(/^monitor only: would be overridden by more specific policy/);
  });

  it('ignores disabled policies and lists unmatched ones only on request', async () => {
    const off = ipPolicy({ deny: ['0.0.0.0/0'] }, { enabled: false });
    const other = ipPolicy({ deny: ['0.0.0.0/0'] }, { target: { serverId: 'srv-2' } });
    expect(await evaluate([off, other], call())).toMatchObject({ outcome: 'allow', explanation: [] });
    const d = await evaluate([off, other], call(), { includeUnmatched: true });
    expect(d.explanation.map((e) => [e.matched, e.outcome, e.reason])).toEqual([
      [false, 'skipped', 'disabled'],
      [false, 'skipped', "targets server 'srv-2', not this call"],
    ]);
  });

  it('applies access policies to requests only', async () => {
    const d = await evaluate([ipPolicy({ deny: ['0.0.0.0/0'] })], call({ direction: 'response' }), {
      includeUnmatched: true,
    });
    expect(d.outcome).toBe('allow');
    expect(d.explanation[0]!.reason).toBe('applies to requests only');
  });

  it('does not match a tool-targeted policy on a call without a tool', async () => {
    const p = ipPolicy({ deny: ['0.0.0.0/0'] }, { target: { tool: 'search' } });
    expect((await evaluate([p], call({ tool: undefined, method: 'tools/list' }))).outcome).toBe('allow');
  });

  it('rejects invalid policies at compile time with every problem listed', () => {
    const bad = [
      ipPolicy({ allow: ['10.0.0.300/8'] }),
      policy('rate_limit', { limit: 0, windowSec: 60, burst: 1, per: 'agent' }),
    ];
    try {
      compilePolicies(bad);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(PolicyCompileError);
      expect((err as PolicyCompileError).problems).toEqual([
        {
          policyId: bad[0]!.id,
          field: 'config.allow[0]',
          message: "'10.0.0.300/8' is not a valid IPv4 or IPv6 CIDR",
        },
        { policyId: bad[1]!.id, field: 'config.limit', message: 'must be at least 1' },
      ]);
    }
    const dup = ipPolicy({ deny: ['10.0.0.0/8'] });
    expect(() => compilePolicies([dup, dup])).toThrow(/duplicate policy id/);
  });
});

describe('geo and time policies', () => {
  it('denies a denied country and applies the unknown-country setting', async () => {
    const p = policy('geo', { denyCountries: ['RU'], unknownCountry: 'deny' });
    expect((await evaluate([p], call({ country: 'RU' }))).status).toBe(403);
    expect((await evaluate([p], call({ country: 'FR' }))).outcome).toBe('allow');
    const unknown = await evaluate([p], call({ country: undefined }));
    expect(unknown.outcome).toBe('deny');
    expect(unknown.explanation[0]!.reason).toBe('country unknown; unknown countries are denied');
  });

  it('resolves the country through a GeoResolver when the context has none', async () => {
    const p = policy('geo', { allowCountries: ['fr'], unknownCountry: 'deny' });
    const lookups: string[] = [];
    const geo = { country: (ip: string) => (lookups.push(ip), 'FR') };
    expect((await evaluate([p], call({ country: undefined }), { geo })).outcome).toBe('allow');
    expect(lookups).toEqual(['203.0.113.10']);
  });

  it("checks time windows in the tenant's zone by default", async () => {
    const p = policy('time_window', { days: ['mon'], start: '09:00', end: '10:30' });
    expect((await evaluate([p], call())).outcome).toBe('deny'); // 11:00 Berlin
    expect((await evaluate([p], call({ timeZone: 'UTC' }))).outcome).toBe('allow'); // 10:00 UTC
    const badZone = await evaluate([p], call({ timeZone: 'Nowhere/Zone' }));
    expect(badZone.outcome).toBe('deny');
    expect(badZone.explanation[0]!.reason).toBe("time zone 'Nowhere/Zone' is unknown");
  });
});

import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { TalliedCounter } from './tally';

function counter() {
  const registry = new Registry();
  const tallied = new TalliedCounter({
    name: 'lookups_total',
    help: 'lookups',
    labelNames: ['cache', 'result'] as const,
    registers: [registry],
  });
  return { registry, tallied };
}

describe('TalliedCounter', () => {
  it('shows every tally in a scrape, and each only once', async () => {
    const { registry, tallied } = counter();
    const hit = tallied.child({ cache: 'tenants', result: 'hit' });
    const load = tallied.child({ result: 'load', cache: 'tenants' });
    for (let i = 0; i < 5; i++) hit.inc();
    load.inc();
    let text = await registry.metrics();
    expect(text).toContain('lookups_total{cache="tenants",result="hit"} 5');
    expect(text).toContain('lookups_total{cache="tenants",result="load"} 1');
    hit.inc();
    text = await registry.metrics();
    expect(text).toContain('lookups_total{cache="tenants",result="hit"} 6');
    expect(text).toContain('lookups_total{cache="tenants",result="load"} 1');
  });

  it('gives the same label set one tally, and shows a label set at 0 before its first inc', async () => {
    const { registry, tallied } = counter();
    tallied.child({ cache: 'servers', result: 'hit' }).inc();
    tallied.child({ result: 'hit', cache: 'servers' }).inc();
    tallied.child({ cache: 'servers', result: 'load' });
    const { values } = await tallied.counter.get();
    expect(values).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ labels: { cache: 'servers', result: 'hit' }, value: 2 }),
        expect.objectContaining({ labels: { cache: 'servers', result: 'load' }, value: 0 }),
      ]),
    );
    expect(values).toHaveLength(2);
    expect(await registry.metrics()).toContain('lookups_total{cache="servers",result="hit"} 2');
  });

  it('refuses a label the counter does not have, when the child is made', () => {
    const { tallied } = counter();
    expect(() => tallied.child({ cache: 'x', color: 'red' } as never)).toThrow(/label/i);
  });
});

import { describe, expect, it } from 'vitest';
import { handOff, type HandOffTarget } from './audit-handoff';

const never = () => new Promise<never>(() => undefined);
const fail = (what: string) => () => Promise.reject(new Error(`${what} down`));
const SHORT = { queue: 20, database: 20 };

function targets(
  over: Partial<{ queue: () => Promise<unknown>; database: () => Promise<unknown>; spool: () => void }>,
) {
  const calls: string[] = [];
  return {
    calls,
    targets: {
      queue: () => (calls.push('queue'), (over.queue ?? (() => Promise.resolve()))()),
      database: () => (calls.push('database'), (over.database ?? (() => Promise.resolve()))()),
      spool: () => (calls.push('spool'), over.spool?.()),
    },
  };
}

describe('the audit hand-off at shutdown', () => {
  const later = () => Date.now() + 60_000;

  it('gives the batch to the queue when it takes it', async () => {
    const t = targets({});
    expect(await handOff(t.targets, later(), () => undefined, SHORT)).toBe('queue');
    expect(t.calls).toEqual(['queue']);
  });

  it('falls back to the database when the queue refuses or does not answer in time', async () => {
    for (const queue of [fail('queue'), never]) {
      const failures: HandOffTarget[] = [];
      const t = targets({ queue });
      expect(await handOff(t.targets, later(), (target) => failures.push(target), SHORT)).toBe('database');
      expect(t.calls).toEqual(['queue', 'database']);
      expect(failures).toEqual(['queue']);
    }
  });

  it('spools the batch when neither the queue nor the database takes it', async () => {
    const t = targets({ queue: never, database: fail('database') });
    expect(await handOff(t.targets, later(), () => undefined, SHORT)).toBe('spool');
    expect(t.calls).toEqual(['queue', 'database', 'spool']);
  });

  it('goes straight to the spool when the deadline has passed', async () => {
    const t = targets({});
    expect(await handOff(t.targets, Date.now() - 1, () => undefined, SHORT)).toBe('spool');
    expect(t.calls).toEqual(['spool']);
  });

  it('tries the database first when asked (a node that runs the worker), then the queue', async () => {
    const direct = targets({});
    expect(await handOff(direct.targets, later(), () => undefined, SHORT, ['database', 'queue'])).toBe(
      'database',
    );
    expect(direct.calls).toEqual(['database']);
    const failures: HandOffTarget[] = [];
    const fallback = targets({ database: never });
    expect(
      await handOff(fallback.targets, later(), (target) => failures.push(target), SHORT, [
        'database',
        'queue',
      ]),
    ).toBe('queue');
    expect(fallback.calls).toEqual(['database', 'queue']);
    expect(failures).toEqual(['database']);
  });

  it('throws when the spool refuses too, so the caller can keep the events', async () => {
    const t = targets({
      queue: fail('queue'),
      database: fail('database'),
      spool: () => {
        throw new Error('disk full');
      },
    });
    await expect(handOff(t.targets, later(), () => undefined, SHORT)).rejects.toThrow('disk full');
  });
});

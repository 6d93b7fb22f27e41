// The plan's rules without a database: what needs a credential, when a pinned tool definition
// can be approved, and what is deleted only with prune.
import { describe, expect, it } from 'vitest';
import type { McpTool } from '@portcullis/db';
import { GovernanceDocument } from '@portcullis/sdk';
import { diff } from './diff';
import type { LiveState } from './live-state';

const FP = (c: string) => c.repeat(64);
const server = { slug: 'docs', name: 'Docs', upstreamUrl: 'http://docs.example/mcp' };
const doc = (d: object) => GovernanceDocument.parse({ version: 1, ...d });
const tool = (name: string, fingerprint: string, approved: string | null): McpTool =>
  ({
    id: `t-${name}`,
    name,
    fingerprint,
    approvedFingerprint: approved,
    review: approved ? 'approved' : 'quarantined',
    removedAt: null,
  }) as McpTool;

function live(tools: McpTool[], extra: Partial<LiveState> = {}): LiveState {
  const d = doc({ servers: [server] }).servers[0]!;
  return {
    servers: new Map([
      [
        'docs',
        {
          id: 's1',
          doc: {
            ...d,
            approvedTools: tools
              .filter((t) => t.review === 'approved')
              .map((t) => ({ name: t.name, fingerprint: t.approvedFingerprint! })),
          },
          tools,
        },
      ],
    ]),
    agents: new Map(),
    policies: new Map(),
    sinks: new Map(),
    ...extra,
  };
}

describe('governance diff', () => {
  it('approves a tool only when the upstream advertises the pinned definition', () => {
    const state = live([
      tool('search', FP('a'), null),
      tool('fetch', FP('b'), null),
      tool('ok', FP('c'), FP('c')),
    ]);
    const d = diff(
      doc({
        servers: [
          {
            ...server,
            approvedTools: [
              { name: 'search', fingerprint: FP('a') },
              { name: 'fetch', fingerprint: FP('9') },
              { name: 'gone', fingerprint: FP('1') },
              { name: 'ok', fingerprint: FP('c') },
            ],
          },
        ],
      }),
      state,
      {},
      false,
    );
    expect(d.steps.map((s) => s.op)).toEqual([
      { kind: 'tool.approve', serverId: 's1', toolId: 't-search', fingerprint: FP('a') },
    ]);
    expect(d.notApplicable.map((n) => [n.name, n.reason.split(' (')[0]])).toEqual([
      ['docs/fetch', 'The upstream now advertises another definition'],
      ['docs/gone', 'The upstream does not advertise this tool'],
    ]);
  });

  it('rejects an approved tool the document no longer lists only with prune', () => {
    const state = live([tool('search', FP('a'), FP('a'))]);
    const kept = diff(doc({ servers: [server] }), state, {}, false);
    expect(kept.steps).toEqual([]);
    expect(kept.kept).toEqual([{ resource: 'tool', name: 'docs/search' }]);
    expect(diff(doc({ servers: [server] }), state, {}, true).steps.map((s) => s.op.kind)).toEqual([
      'tool.reject',
    ]);
  });

  it('needs a credential to create a server that authenticates upstream, or to change how it does', () => {
    const withBearer = doc({ servers: [{ ...server, upstreamAuth: { type: 'bearer' } }] });
    expect(() =>
      diff(
        withBearer,
        { servers: new Map(), agents: new Map(), policies: new Map(), sinks: new Map() },
        {},
        false,
      ),
    ).toThrow(/needs its upstream credential/);
    expect(() => diff(withBearer, live([]), {}, false)).toThrow(/needs its upstream credential/);
    const d = diff(withBearer, live([]), { docs: { token: 'secret' } }, false);
    expect(d.steps[0]!.op).toEqual({
      kind: 'server.update',
      id: 's1',
      slug: 'docs',
      patch: { upstreamAuth: { type: 'bearer', token: 'secret' } },
    });
    // The secret itself never shows in the plan.
    expect(JSON.stringify(d.steps.map((s) => s.change))).not.toContain('secret');
  });

  it('sets a credential passed for an unchanged server, without telling whether it differed', () => {
    const state = live([]);
    state.servers.get('docs')!.doc.upstreamAuth = { type: 'bearer' };
    const d = diff(
      doc({ servers: [{ ...server, upstreamAuth: { type: 'bearer' } }] }),
      state,
      { docs: { token: 'x' } },
      false,
    );
    expect(d.steps.map((s) => s.change.fields)).toEqual([
      [{ field: 'upstreamAuth.credential', from: '(hidden)', to: '(replaced)' }],
    ]);
  });

  it('compares lists that are sets as sets', () => {
    const state = live([]);
    state.servers.get('docs')!.doc.tags = ['b', 'a'];
    expect(diff(doc({ servers: [{ ...server, tags: ['a', 'b'] }] }), state, {}, false).steps).toEqual([]);
  });
});

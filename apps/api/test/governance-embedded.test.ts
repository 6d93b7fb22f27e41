// Governance as code on the embedded default (PGlite, one connection): apply runs its one
// transaction there too, and an export reproduces what was applied.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpOwner, startTestApp, type TestApp } from './harness';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({}, { embedded: true });
}, 180_000);
afterAll(() => app?.close());

describe('governance on the embedded database', () => {
  it('applies a document in one transaction, exports it back, and a second apply changes nothing', async () => {
    const owner = await signUpOwner(app.baseUrl);
    const document = {
      version: 1,
      servers: [{ slug: 'docs', name: 'Docs', upstreamUrl: 'http://127.0.0.1:9/mcp' }],
      agents: [{ name: 'reader', grants: [{ server: 'docs', tools: ['search'] }] }],
      policies: [
        { name: 'office', kind: 'ip', target: { server: 'docs' }, config: { allow: ['10.0.0.0/8'] } },
      ],
      sinks: [{ name: 'siem', kind: 'webhook', url: 'http://127.0.0.1:9/hook' }],
    };
    const first = await owner.client.post('/api/v1/governance/apply', { document });
    expect(first.status).toBe(200);
    expect(first.body.summary).toEqual({ create: 5, update: 0, delete: 0 });
    const exported = (await owner.client.get('/api/v1/governance/export')).body;
    expect(exported.agents).toEqual([
      {
        name: 'reader',
        description: null,
        status: 'active',
        tokenLifetimeSec: 300,
        authMethods: ['client_secret_basic', 'client_secret_post'],
        grants: [{ server: 'docs', tools: ['search'], resources: false, prompts: false }],
      },
    ]);
    const again = await owner.client.post('/api/v1/governance/apply', { document: exported });
    expect(again.body.changes).toEqual([]);
    // A failure rolls back on PGlite too.
    const bad = await owner.client.post('/api/v1/governance/apply', {
      document: { ...exported, agents: [], sinks: [...exported.sinks, { name: 'file', kind: 'jsonl' }] },
      prune: true,
    });
    expect(bad.status).toBe(400);
    expect((await owner.client.get('/api/v1/agents')).body.items).toHaveLength(1);
  });
});

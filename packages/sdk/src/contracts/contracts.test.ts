import { describe, expect, it } from 'vitest';
import {
  CreateAuditSinkRequest,
  CreateServerRequest,
  PolicyView,
  PutGrantRequest,
  PutMemberGrantRequest,
  SignUpRequest,
  UpdateAuditSinkRequest,
  UpdateTenantRequest,
} from './index.js';

describe('contracts', () => {
  it('normalises e-mail addresses and refuses unknown fields', () => {
    const ok = SignUpRequest.parse({
      email: 'Alice@Example.COM',
      password: 'x',
      name: 'Alice',
      tenantName: 'Acme',
      tenantSlug: 'acme',
    });
    expect(ok.email).toBe('alice@example.com');
    expect(SignUpRequest.safeParse({ ...ok, admin: true }).success).toBe(false);
  });

  it('names the field and the rule for a bad slug', () => {
    const r = SignUpRequest.safeParse({
      email: 'a@b.co',
      password: 'x',
      name: 'A',
      tenantName: 'A',
      tenantSlug: '-Bad Slug',
    });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path).toEqual(['tenantSlug']);
  });

  it('shapes an upstream credential and URL (which headers may be sent is the API rule)', () => {
    const base = { slug: 'srv', name: 'S', upstreamUrl: 'https://mcp.example.com/mcp' };
    expect(
      CreateServerRequest.safeParse({
        ...base,
        upstreamAuth: { type: 'header', headerName: 'X-Api-Key', value: 'x' },
      }).success,
    ).toBe(true);
    expect(
      CreateServerRequest.safeParse({ ...base, upstreamAuth: { type: 'header', headerName: '', value: 'x' } })
        .success,
    ).toBe(false);
    expect(
      CreateServerRequest.safeParse({
        ...base,
        upstreamAuth: { type: 'header', headerName: 'X-Api-Key', value: '' },
      }).success,
    ).toBe(false);
    expect(CreateServerRequest.safeParse({ ...base, upstreamUrl: 'ftp://x' }).success).toBe(false);
  });

  it("grants are '*' or a list of tool names", () => {
    expect(PutGrantRequest.parse({ tools: '*' })).toEqual({ tools: '*', resources: false, prompts: false });
    expect(PutGrantRequest.safeParse({ tools: 'echo' }).success).toBe(false);
  });

  it('a member grant is for a role or for one member, never both', () => {
    expect(PutMemberGrantRequest.parse({ subject: { role: 'member' }, tools: ['echo'] })).toEqual({
      subject: { role: 'member' },
      tools: ['echo'],
      resources: false,
      prompts: false,
    });
    const id = '00000000-0000-4000-8000-000000000000';
    expect(PutMemberGrantRequest.safeParse({ subject: { membershipId: id }, tools: '*' }).success).toBe(true);
    expect(
      PutMemberGrantRequest.safeParse({ subject: { role: 'member', membershipId: id }, tools: '*' }).success,
    ).toBe(false);
    expect(PutMemberGrantRequest.safeParse({ subject: {}, tools: '*' }).success).toBe(false);
    expect(PutMemberGrantRequest.safeParse({ subject: { role: 'guest' }, tools: '*' }).success).toBe(false);
  });

  it('bounds the registration setting and the refresh lifetimes', () => {
    expect(
      UpdateTenantRequest.safeParse({
        clientRegistration: 'approval',
        refreshIdleDays: 7,
        refreshMaxDays: 30,
      }).success,
    ).toBe(true);
    expect(UpdateTenantRequest.safeParse({ clientRegistration: 'sometimes' }).success).toBe(false);
    expect(UpdateTenantRequest.safeParse({ refreshIdleDays: 0 }).success).toBe(false);
    expect(UpdateTenantRequest.safeParse({ refreshMaxDays: 731 }).success).toBe(false);
  });

  it("a policy view is the policy engine's own policy of its kind: the config is checked against that kind", () => {
    const stored = {
      id: '00000000-0000-4000-8000-000000000000',
      name: 'office',
      target: {},
      mode: 'enforce',
      priority: 0,
      enabled: true,
      description: 'd',
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    };
    const ip = PolicyView.parse({ ...stored, kind: 'ip', config: { allow: ['10.0.0.0/8'] } });
    expect(ip.kind === 'ip' && ip.config).toEqual({ allow: ['10.0.0.0/8'], deny: [] });
    expect(
      PolicyView.safeParse({
        ...stored,
        kind: 'ip',
        config: { limit: 5, windowSec: 60, burst: 5, per: 'agent' },
      }).success,
    ).toBe(false);
    expect(
      PolicyView.safeParse({
        ...stored,
        kind: 'rate_limit',
        config: { limit: 5, windowSec: 60, burst: 5, per: 'agent' },
      }).success,
    ).toBe(true);
    expect(PolicyView.safeParse({ ...stored, kind: 'firewall', config: {} }).success).toBe(false);
  });

  it('a sink receives named audit actions only, and a webhook URL is a URL', () => {
    expect(
      CreateAuditSinkRequest.parse({ name: 'siem', kind: 'webhook', url: 'https://siem.example.com/hook' })
        .actions,
    ).toEqual([]);
    expect(
      CreateAuditSinkRequest.safeParse({
        name: 'siem',
        kind: 'jsonl',
        actions: ['agent.created', 'agent.hacked'],
      }).success,
    ).toBe(false);
    expect(CreateAuditSinkRequest.safeParse({ name: 'siem', kind: 'syslog' }).success).toBe(false);
    expect(UpdateAuditSinkRequest.safeParse({ url: 'not a url' }).success).toBe(false);
    expect(UpdateAuditSinkRequest.safeParse({ secret: 'x' }).success).toBe(false);
  });
});

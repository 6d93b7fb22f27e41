import { describe, expect, it } from 'vitest';
import {
  curlSnippet,
  hostConfigSnippet,
  issuerFromGatewayUrl,
  memberHostSnippet,
  typescriptSnippet,
} from './connect';

const gatewayUrl = 'https://gw.example.com/mcp/acme/crm';
const issuer = 'https://gw.example.com/t/acme';

describe('issuerFromGatewayUrl', () => {
  it('derives the tenant issuer', () => {
    expect(issuerFromGatewayUrl(gatewayUrl)).toBe(issuer);
    expect(issuerFromGatewayUrl('http://127.0.0.1:4000/base/mcp/t-1/s-1')).toBe(
      'http://127.0.0.1:4000/base/t/t-1',
    );
    expect(issuerFromGatewayUrl('https://gw.example.com/other')).toBeNull();
  });
});

describe('snippets', () => {
  it('curl asks for a token for exactly this resource, secret from the environment', () => {
    const s = curlSnippet({ gatewayUrl, serverSlug: 'crm', clientId: 'agt_abc' }, issuer);
    expect(s).toContain(`curl -sS -X POST 'https://gw.example.com/t/acme/token'`);
    expect(s).toContain(`--data-urlencode 'resource=${gatewayUrl}'`);
    expect(s).toContain(`CLIENT_ID='agt_abc'`);
    expect(s).toContain('$PORTCULLIS_CLIENT_SECRET');
    expect(curlSnippet({ gatewayUrl, serverSlug: 'crm' }, issuer)).toContain(
      '"$PORTCULLIS_CLIENT_ID:$PORTCULLIS_CLIENT_SECRET"',
    );
  });

  it('the SDK snippet binds the credentials to the issuer', () => {
    const s = typescriptSnippet(
      { gatewayUrl, serverSlug: 'crm', clientId: 'agt_abc', agentName: 'Support Bot' },
      issuer,
    );
    expect(s).toContain("from '@modelcontextprotocol/sdk/client/auth-extensions.js'");
    expect(s).toContain("clientId: 'agt_abc'");
    expect(s).toContain(`expectedIssuer: '${issuer}'`);
    expect(s).toContain(`new URL('${gatewayUrl}')`);
    expect(s).toContain("name: 'support-bot'");
  });

  it('the host configuration is valid JSON with a bearer header from a prompted input', () => {
    const config = JSON.parse(hostConfigSnippet({ gatewayUrl, serverSlug: 'crm' })) as {
      servers: Record<string, { url: string; headers: Record<string, string> }>;
      inputs: { id: string; password: boolean }[];
    };
    expect(config.servers.crm!.url).toBe(gatewayUrl);
    expect(config.servers.crm!.headers.Authorization).toBe('Bearer ${input:portcullis-crm}');
    expect(config.inputs[0]).toMatchObject({ id: 'portcullis-crm', password: true });
  });

  it("a person's host configuration is the gateway URL alone, no credential", () => {
    const config = JSON.parse(memberHostSnippet({ gatewayUrl, serverSlug: 'crm' })) as {
      servers: Record<string, Record<string, unknown>>;
    };
    expect(config.servers.crm).toEqual({ type: 'http', url: gatewayUrl });
  });
});

// A real OpenID provider for the single sign-on specs: panva's oidc-provider on a free loopback
// port, with its development login and consent pages (any account id signs in) and the accounts
// the spec names.
import type { Server } from 'node:http';
import { freePort } from '@portcullis/testkit';

export interface IdpAccount {
  email: string;
  email_verified: boolean;
  name: string;
  groups: string[];
}

export interface Idp {
  issuer: string;
  clientId: string;
  clientSecret: string;
  close(): Promise<void>;
}

export async function startIdp(redirectUri: string, accounts: Record<string, IdpAccount>): Promise<Idp> {
  // oidc-provider is ESM only.
  const { default: Provider } = (await import('oidc-provider')) as unknown as {
    default: new (issuer: string, config: object) => { listen(port: number): Server; proxy?: boolean };
  };
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const clientId = 'portcullis-console';
  const clientSecret = `idp-secret-${port}-0123456789abcdef`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'groups'] },
    scopes: ['openid', 'email', 'profile'],
    findAccount: (_ctx: unknown, id: string) => {
      const account = accounts[id];
      return account ? { accountId: id, claims: () => ({ sub: id, ...account }) } : undefined;
    },
    cookies: { keys: ['e2e-idp-cookie-key-0123456789'] },
    features: { devInteractions: { enabled: true } },
  });
  const server = provider.listen(port);
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  return {
    issuer,
    clientId,
    clientSecret,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

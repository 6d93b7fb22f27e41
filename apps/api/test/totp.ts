// What an authenticator app does, for the tests: codes computed from the shared secret.
import * as OTPAuth from 'otpauth';
import type { Client } from './harness';

/** The code an authenticator shows `steps` periods from now. */
export const codeAt = (secret: string, steps = 0) =>
  new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30 }).generate({
    timestamp: Date.now() + steps * 30_000,
  });

/** Sets up and confirms an authenticator for the signed-in `client`. */
export async function enrolTotp(client: Client): Promise<{ secret: string; recoveryCodes: string[] }> {
  const setup = await client.post('/api/v1/auth/totp/setup');
  if (setup.status !== 200) throw new Error(`totp setup: ${setup.status} ${JSON.stringify(setup.body)}`);
  const confirmed = await client.post('/api/v1/auth/totp/confirm', { code: codeAt(setup.body.secret) });
  if (confirmed.status !== 200)
    throw new Error(`totp confirm: ${confirmed.status} ${JSON.stringify(confirmed.body)}`);
  return { secret: setup.body.secret as string, recoveryCodes: confirmed.body.recoveryCodes as string[] };
}

// Second factors: an authenticator app (codes computed here with otpauth, as the app would),
// recovery codes, and a tenant that requires a second factor.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, GOOD_PASSWORD, addMember, signUpOwner, startTestApp, type TestApp } from './harness';
import { codeAt, enrolTotp } from './totp';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

const enrol = enrolTotp;

describe('an authenticator app', () => {
  it('is enrolled with a first code and then asked for at sign-in; a code works once', async () => {
    const { client, email } = await signUpOwner(app.baseUrl);
    const wrongFirst = await client.post('/api/v1/auth/totp/setup');
    expect(wrongFirst.body.uri).toMatch(/^otpauth:\/\/totp\/Portcullis:/);
    expect(wrongFirst.body.qrSvg).toContain('<svg');
    expect(
      (await client.post('/api/v1/auth/totp/confirm', { code: codeAt(wrongFirst.body.secret, 10) })).status,
    ).toBe(401);
    const { secret, recoveryCodes } = await enrol(client);
    expect(recoveryCodes).toHaveLength(10);
    expect((await client.get('/api/v1/auth/second-factors')).body).toMatchObject({
      totp: true,
      recoveryCodesLeft: 10,
      passkeys: [],
    });
    const stored = await app.db.totpFactor.findFirstOrThrow({ where: { user: { email } } });
    expect(stored.secret).not.toContain(secret);

    const browser = new Client(app.baseUrl);
    const first = await browser.post('/api/v1/auth/signin', { email, password: GOOD_PASSWORD });
    expect(first.body).toEqual({ status: 'second_factor_required', methods: ['totp', 'recovery_code'] });
    expect(browser.cookie('pc_session')).toBeUndefined();
    expect((await browser.get('/api/v1/members')).status).toBe(401);

    const wrong = await browser.post('/api/v1/auth/signin/second-factor', { code: codeAt(secret, 20) });
    expect(wrong.status).toBe(401);
    // The confirming code's step is spent: the next step's code opens the session.
    const code = codeAt(secret, 1);
    const ok = await browser.post('/api/v1/auth/signin/second-factor', { code });
    expect(ok.status).toBe(200);
    expect(ok.body.user.email).toBe(email);
    expect((await browser.get('/api/v1/members')).status).toBe(200);

    // The same code again, in a fresh sign-in: refused (no replay).
    const thief = new Client(app.baseUrl);
    await thief.post('/api/v1/auth/signin', { email, password: GOOD_PASSWORD });
    expect((await thief.post('/api/v1/auth/signin/second-factor', { code })).status).toBe(401);
    const failures = (await client.get('/api/v1/audit/events?action=session.second_factor_failed')).body
      .items;
    expect(failures.length).toBe(2);
  });

  it('accepts each recovery code once, and a second step without a password step is refused', async () => {
    const { client, email } = await signUpOwner(app.baseUrl);
    const { recoveryCodes } = await enrol(client);
    expect(
      (
        await new Client(app.baseUrl).post('/api/v1/auth/signin/second-factor', {
          recoveryCode: recoveryCodes[0],
        })
      ).status,
    ).toBe(401);
    const a = new Client(app.baseUrl);
    await a.post('/api/v1/auth/signin', { email, password: GOOD_PASSWORD });
    expect(
      (await a.post('/api/v1/auth/signin/second-factor', { recoveryCode: recoveryCodes[0]!.toUpperCase() }))
        .status,
    ).toBe(200);
    const b = new Client(app.baseUrl);
    await b.post('/api/v1/auth/signin', { email, password: GOOD_PASSWORD });
    expect(
      (await b.post('/api/v1/auth/signin/second-factor', { recoveryCode: recoveryCodes[0] })).status,
    ).toBe(401);
    expect((await client.get('/api/v1/auth/second-factors')).body.recoveryCodesLeft).toBe(9);
  });

  it('is removed only with a current code, and sign-in is then one step again', async () => {
    const { client, email } = await signUpOwner(app.baseUrl);
    const { secret } = await enrol(client);
    expect((await client.post('/api/v1/auth/totp/disable', { code: codeAt(secret, 15) })).status).toBe(401);
    expect((await client.post('/api/v1/auth/totp/disable', {})).status).toBe(400);
    expect((await client.post('/api/v1/auth/totp/disable', { code: codeAt(secret, 1) })).status).toBe(204);
    const res = await new Client(app.baseUrl).post('/api/v1/auth/signin', { email, password: GOOD_PASSWORD });
    expect(res.body.status).toBe('signed_in');
  });
});

describe('a tenant that requires a second factor', () => {
  it('keeps members without one out of its data until they sign in with one', async () => {
    const owner = await signUpOwner(app.baseUrl);
    const admin = await addMember(app.baseUrl, owner.client, 'admin');
    expect((await admin.client.patch('/api/v1/tenant/security', { requireSecondFactor: true })).status).toBe(
      403,
    );
    // The owner enrols first (that session counts as second-factor), then turns it on.
    await enrol(owner.client);
    expect((await owner.client.patch('/api/v1/tenant/security', { requireSecondFactor: true })).status).toBe(
      200,
    );
    expect((await owner.client.get('/api/v1/members')).status).toBe(200);

    const refused = await admin.client.get('/api/v1/members');
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('second_factor_required');
    // They can still reach their own account to enrol; that session then counts.
    const { secret } = await enrol(admin.client);
    expect((await admin.client.get('/api/v1/members')).status).toBe(200);
    // A password-only session is never enough there; with the code it is.
    const browser = new Client(app.baseUrl);
    const step = await browser.post('/api/v1/auth/signin', { email: admin.email, password: GOOD_PASSWORD });
    expect(step.body.status).toBe('second_factor_required');
    expect(
      (await browser.post('/api/v1/auth/signin/second-factor', { code: codeAt(secret, 1) })).status,
    ).toBe(200);
    expect((await browser.get('/api/v1/members')).status).toBe(200);
  });
});

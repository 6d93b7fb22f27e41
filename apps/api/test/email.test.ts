// E-mail through a real SMTP server started here (smtp-server): invitations, password reset,
// password change, and the notices of a new device and of security changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, GOOD_PASSWORD, startTestApp, uniqueEmail, type TestApp } from './harness';
import { Mailer } from '../src/mail/mailer';
import { linkToken, startSmtpServer, waitForMail, type Mail } from './mailbox';

let app: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
const inbox = async () => smtp.messages;
const mailTo = (to: string, subject: RegExp) => waitForMail(inbox, to, subject);
const NEW_PASSWORD = 'a-brand-new-passphrase-77';

beforeAll(async () => {
  smtp = await startSmtpServer();
  // With e-mail on, sign-up itself goes through its link, as it does for a person.
  app = await startTestApp({ SMTP_URL: smtp.url, MAIL_FROM: 'Portcullis <portcullis@test.example>' });
});
afterAll(async () => {
  await app.close();
  await smtp.close();
});

/** An owner made through the e-mailed sign-up link. */
async function owner() {
  const email = uniqueEmail('owner');
  const res = await new Client(app.baseUrl).post('/api/v1/auth/signup', {
    email,
    password: GOOD_PASSWORD,
    name: 'Olga',
    tenantName: 'Mailers',
    tenantSlug: `m-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`,
  });
  expect(res.status).toBe(202);
  const client = new Client(app.baseUrl);
  const verified = await client.post('/api/v1/auth/signup/verify', {
    token: linkToken(await mailTo(email, /Confirm/), '/signup/verify'),
  });
  expect(verified.status).toBe(201);
  return { email, client, userId: verified.body.user.id as string };
}

const count = (to: string, subject: RegExp) =>
  smtp.messages.filter((m: Mail) => m.to === to && subject.test(m.subject)).length;

describe('invitations by e-mail', () => {
  it('arrive with a link that works once', async () => {
    const o = await owner();
    const invitee = uniqueEmail('invitee');
    const created = await o.client.post('/api/v1/invitations', { email: invitee, role: 'admin' });
    expect(created.status).toBe(201);
    expect(created.body.emailed).toBe(true);
    const mail = await mailTo(invitee, /invited to Mailers/);
    expect(mail.text).toContain('Olga');
    const token = linkToken(mail, '/invite');
    const accepted = await new Client(app.baseUrl).post('/api/v1/auth/invitations/accept', {
      token,
      name: 'Ivan',
      password: GOOD_PASSWORD,
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body.tenant.role).toBe('admin');
    const again = await new Client(app.baseUrl).post('/api/v1/auth/invitations/accept', {
      token,
      name: 'Eve',
      password: GOOD_PASSWORD,
    });
    expect(again.status).toBe(404);
  });
});

describe('password reset', () => {
  it('sends a single-use link to a known address only, answering both alike, and ends every session', async () => {
    const o = await owner();
    const unknown = uniqueEmail('nobody');
    const a = await new Client(app.baseUrl).post('/api/v1/auth/password/forgot', { email: o.email });
    const b = await new Client(app.baseUrl).post('/api/v1/auth/password/forgot', { email: unknown });
    expect([a.status, b.status]).toEqual([202, 202]);
    expect(a.body).toEqual(b.body);
    const token = linkToken(await mailTo(o.email, /Reset your/), '/reset-password');

    const weak = await new Client(app.baseUrl).post('/api/v1/auth/password/reset', {
      token,
      password: 'short',
    });
    expect(weak.status).toBe(400);
    const reset = await new Client(app.baseUrl).post('/api/v1/auth/password/reset', {
      token,
      password: NEW_PASSWORD,
    });
    expect(reset.status).toBe(204);
    expect((await o.client.get('/api/v1/auth/session')).status).toBe(401);
    expect(
      (await new Client(app.baseUrl).post('/api/v1/auth/signin', { email: o.email, password: GOOD_PASSWORD }))
        .status,
    ).toBe(401);
    expect(
      (await new Client(app.baseUrl).post('/api/v1/auth/signin', { email: o.email, password: NEW_PASSWORD }))
        .status,
    ).toBe(200);
    const reused = await new Client(app.baseUrl).post('/api/v1/auth/password/reset', {
      token,
      password: 'yet-another-passphrase-9',
    });
    expect(reused.status).toBe(404);
    await mailTo(o.email, /Security change.*reset/);
    expect(count(unknown, /./)).toBe(0);
  });

  it('refuses a forged token and changes nothing', async () => {
    const res = await new Client(app.baseUrl).post('/api/v1/auth/password/reset', {
      token: 'x'.repeat(43),
      password: NEW_PASSWORD,
    });
    expect(res.status).toBe(404);
  });
});

describe('password change', () => {
  it('needs the current password, ends the other sessions, keeps this one, and tells the person', async () => {
    const o = await owner();
    const elsewhere = new Client(app.baseUrl);
    expect(
      (await elsewhere.post('/api/v1/auth/signin', { email: o.email, password: GOOD_PASSWORD })).status,
    ).toBe(200);
    const wrong = await o.client.post('/api/v1/auth/password', {
      currentPassword: 'not-my-password',
      newPassword: NEW_PASSWORD,
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body.errors[0].path).toBe('currentPassword');
    expect(
      (
        await o.client.post('/api/v1/auth/password', {
          currentPassword: GOOD_PASSWORD,
          newPassword: NEW_PASSWORD,
        })
      ).status,
    ).toBe(204);
    expect((await o.client.get('/api/v1/auth/session')).status).toBe(200);
    expect((await elsewhere.get('/api/v1/auth/session')).status).toBe(401);
    await mailTo(o.email, /Security change.*password was changed/);
    const events = (await o.client.get('/api/v1/audit/events?action=user.password_changed')).body.items;
    expect(events).toHaveLength(1);
  });
});

describe('new-device notices', () => {
  it('announce a sign-in from a browser never seen before, once', async () => {
    const o = await owner();
    const laptop = new Client(app.baseUrl);
    expect(
      (await laptop.post('/api/v1/auth/signin', { email: o.email, password: GOOD_PASSWORD })).status,
    ).toBe(200);
    const notice = await mailTo(o.email, /New sign-in/);
    expect(notice.text).toContain('127.0.0.1');
    await laptop.post('/api/v1/auth/signout');
    expect(
      (await laptop.post('/api/v1/auth/signin', { email: o.email, password: GOOD_PASSWORD })).status,
    ).toBe(200);
    // Every message under way has reached the SMTP server once the mailer is drained.
    await app.app.get(Mailer).drain();
    expect(count(o.email, /New sign-in/)).toBe(1);
  });
});

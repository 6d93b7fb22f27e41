// Reading the messages the API sent: from the development mail directory (.eml files), or from
// a real SMTP server (smtp-server) started by the test, parsed with mailparser.
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { freePort } from '@portcullis/testkit';
import { waitUntil } from './fixtures';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

export function tempMailDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'portcullis-mail-'));
}

export async function readMailDir(dir: string): Promise<Mail[]> {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.eml'))
    .sort();
  return Promise.all(files.map(async (f) => toMail(await simpleParser(readFileSync(path.join(dir, f))))));
}

function toMail(parsed: Awaited<ReturnType<typeof simpleParser>>): Mail {
  const to = Array.isArray(parsed.to) ? parsed.to[0]?.text : parsed.to?.text;
  return { to: to ?? '', subject: parsed.subject ?? '', text: parsed.text ?? '' };
}

/** The first message to `to` whose subject matches, once it has arrived. */
export async function waitForMail(source: () => Promise<Mail[]>, to: string, subject: RegExp): Promise<Mail> {
  return waitUntil(`a message to ${to} matching ${subject}`, async () =>
    (await source()).find((m) => m.to === to && subject.test(m.subject)),
  );
}

/** The token in a message's console link (it travels in the fragment). */
export function linkToken(mail: Mail, pathname: string): string {
  const m = new RegExp(`https?://\\S+${pathname.replace(/\//g, '\\/')}#([A-Za-z0-9_-]+)`).exec(mail.text);
  if (!m) throw new Error(`no ${pathname} link in: ${mail.text}`);
  return m[1]!;
}

/** A real SMTP server on loopback that keeps every message it receives. */
export async function startSmtpServer(): Promise<{ url: string; messages: Mail[]; close(): Promise<void> }> {
  const messages: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((parsed) => messages.push(toMail(parsed)))
        .then(() => callback(), callback);
    },
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

// Outgoing e-mail through nodemailer: SMTP in production (SMTP_URL), or, for development, each
// message written as an .eml file under MAIL_DIR (open it in any mail program). Messages go out
// after the answer, never in its path: how long a relay takes must not tell an attacker whether
// an address has an account, and a slow relay must not slow a sign-in.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import { AppConfig, CONFIG } from '../config/config';
import type { Message } from './messages';

type Sender = (message: Message & { to: string }) => Promise<void>;

function smtpSender(url: string, from: string): Sender {
  const transport: Transporter = nodemailer.createTransport(url);
  return async (m) => {
    await transport.sendMail({ from, to: m.to, subject: m.subject, text: m.text });
  };
}

function directorySender(dir: string, from: string): Sender {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const transport: Transporter = nodemailer.createTransport({
    streamTransport: true,
    buffer: true,
    newline: 'unix',
  });
  return async (m) => {
    const info = await transport.sendMail({ from, to: m.to, subject: m.subject, text: m.text });
    const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}.eml`;
    // The links inside are credentials: readable by this user only.
    writeFileSync(path.join(dir, name), info.message as Buffer, { mode: 0o600 });
  };
}

@Injectable()
export class Mailer {
  private readonly logger = new Logger('Mailer');
  private readonly sender: Sender | null;
  private inFlight = new Set<Promise<void>>();

  constructor(@Inject(CONFIG) config: AppConfig) {
    this.sender = config.SMTP_URL
      ? smtpSender(config.SMTP_URL, config.MAIL_FROM)
      : config.MAIL_DIR
        ? directorySender(config.MAIL_DIR, config.MAIL_FROM)
        : null;
  }

  get enabled(): boolean {
    return this.sender !== null;
  }

  /** Sends in the background; a failure is logged (without the message, which may hold a link). */
  deliver(to: string, message: Message): void {
    if (!this.sender) return;
    const sending = this.sender({ ...message, to })
      .catch((e: unknown) =>
        this.logger.error(
          `could not send "${message.kind}" mail: ${e instanceof Error ? e.message : String(e)}`,
        ),
      )
      .finally(() => this.inFlight.delete(sending));
    this.inFlight.add(sending);
  }

  /** Waits for messages under way (shutdown, tests). */
  async drain(): Promise<void> {
    await Promise.all([...this.inFlight]);
  }
}

// The messages Portcullis sends, as plain text (no HTML: nothing to inject into, nothing that
// renders differently in a mail program). Links carry their token in the URL fragment, which
// browsers never send to a server, so it stays out of every access log on the way.

export interface Message {
  /** For logs and tests; never the content. */
  kind: string;
  subject: string;
  text: string;
}

const SIGNATURE = '\n\n-- \nPortcullis. You receive this because of an action on your account.';

function msg(kind: string, subject: string, lines: string[]): Message {
  return { kind, subject, text: lines.join('\n') + SIGNATURE };
}

export const messages = {
  signUpVerify: (link: string, hours: number) =>
    msg('signup_verify', 'Confirm your e-mail address to create your Portcullis account', [
      'Someone (we hope you) asked to create a Portcullis account with this address.',
      '',
      `To finish, open this link within ${hours} hours:`,
      link,
      '',
      'If it was not you, ignore this message: nothing is created without the link.',
    ]),
  signUpExisting: (signInLink: string, resetLink: string) =>
    msg('signup_existing', 'You already have a Portcullis account', [
      'Someone asked to create a Portcullis account with this address, but you already have one.',
      '',
      `Sign in: ${signInLink}`,
      `Forgot your password? ${resetLink}`,
      '',
      'If it was not you, you can ignore this message: your account is unchanged.',
    ]),
  invitation: (tenantName: string, role: string, inviter: string, link: string, expiresAt: Date) =>
    msg('invitation', `You are invited to ${tenantName} on Portcullis`, [
      `${inviter} invited you to join ${tenantName} on Portcullis as ${role}.`,
      '',
      `Accept the invitation (valid until ${expiresAt.toUTCString()}):`,
      link,
    ]),
  passwordReset: (link: string, minutes: number) =>
    msg('password_reset', 'Reset your Portcullis password', [
      'Someone (we hope you) asked to reset the password of your Portcullis account.',
      '',
      `Open this link within ${minutes} minutes to choose a new password (it works once):`,
      link,
      '',
      'If it was not you, ignore this message: your password is unchanged.',
    ]),
  securityChange: (what: string, when: Date, ip: string | undefined) =>
    msg('security_change', `Security change on your Portcullis account: ${what}`, [
      `${what} on ${when.toUTCString()}${ip ? ` from ${ip}` : ''}.`,
      '',
      'If this was not you, reset your password now and review your sessions and second factors in the console.',
    ]),
  newDevice: (when: Date, ip: string | undefined, userAgent: string | undefined, sessionsLink: string) =>
    msg('new_device', 'New sign-in to your Portcullis account', [
      `Your account was signed in to from a new device on ${when.toUTCString()}.`,
      `Address: ${ip ?? 'unknown'}`,
      `Browser: ${userAgent ?? 'unknown'}`,
      '',
      `If this was not you, end that session and change your password: ${sessionsLink}`,
    ]),
};

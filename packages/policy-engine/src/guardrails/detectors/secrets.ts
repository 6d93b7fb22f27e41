// Credentials: cloud keys, private keys, JWTs, GitHub and Slack tokens, our own keys.
// Each pattern is gated by a cheap substring test, and every regex is written so that a failed
// attempt is bounded (fixed-length runs, or a run that must start after a non-run character).
import type { Detector, RawMatch } from '../types';
import { PLATFORM_KEY, platformKeyChecksum } from './platform-keys';

const AWS_KEY_ID = /(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])/g;
const AWS_SECRET = /(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;
const AWS_CONTEXT = /aws|secret/i;
const DIGIT = /[0-9]/;
const JWT = /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*(?![A-Za-z0-9_-])/g;
const GITHUB =
  /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{22,243})(?![A-Za-z0-9_])/g;
const SLACK = /(?<![A-Za-z0-9-])xox[abeoprs]-[A-Za-z0-9-]{10,250}(?![A-Za-z0-9-])/g;

export const secretDetector: Detector = {
  type: 'secret',
  find(text: string, out: RawMatch[], key: string | undefined): void {
    if (text.length < 20) return;
    if (text.includes('AKIA') || text.includes('ASIA'))
      each(AWS_KEY_ID, text, out, () => ['aws_access_key_id', 'AKIA…']);
    // The heuristic requires a digit in the key; testing for one first skips most prose cheaply.
    if (
      text.length >= 40 &&
      DIGIT.test(text) &&
      (AWS_CONTEXT.test(text) || (key !== undefined && AWS_CONTEXT.test(key)))
    ) {
      findAwsSecrets(text, out, key);
    }
    if (text.includes('-----BEGIN')) findPrivateKeys(text, out, key);
    if (text.includes('eyJ')) each(JWT, text, out, (v) => (isJwt(v) ? ['jwt', 'eyJ…'] : undefined));
    if (text.includes('gh'))
      each(GITHUB, text, out, (v) => ['github_token', `${v.slice(0, v.indexOf('_') + 1)}…`]);
    if (text.includes('xox')) each(SLACK, text, out, (v) => ['slack_token', `${v.slice(0, 5)}…`]);
    if (text.includes('pc')) {
      each(PLATFORM_KEY, text, out, (v) =>
        platformKeyChecksum(v.slice(5, 48)) === v.slice(48)
          ? ['portcullis_key', `${v.slice(0, 5)}…`]
          : undefined,
      );
    }
  },
};

function each(
  re: RegExp,
  text: string,
  out: RawMatch[],
  classify: (value: string, index: number) => [label: string, hint: string] | undefined,
): void {
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const c = classify(m[0], m.index);
    if (c) out.push({ start: m.index, end: m.index + m[0].length, label: c[0], hint: c[1] });
  }
}

/**
 * A 40-character base64 run is only an AWS secret access key with context: the property name
 * or the 100 characters before it mention aws/secret, and it mixes upper case, lower case and
 * digits (git SHAs and most hashes are hex).
 */
function findAwsSecrets(text: string, out: RawMatch[], key: string | undefined): void {
  const keyHints = key !== undefined && AWS_CONTEXT.test(key);
  each(AWS_SECRET, text, out, (v, index) => {
    if (!/[a-z]/.test(v) || !/[A-Z]/.test(v) || !/[0-9]/.test(v)) return undefined;
    if (!keyHints && !AWS_CONTEXT.test(text.slice(Math.max(0, index - 100), index))) return undefined;
    return ['aws_secret_access_key', '…'];
  });
}

/**
 * PEM private keys, including keys embedded in JSON text with literal `\n` escapes and keys
 * cut off before their END line. Scans with indexOf only; once an END marker is known to be
 * absent, later BEGINs do not search for it again (keeps many BEGINs linear).
 */
function findPrivateKeys(text: string, out: RawMatch[], key: string | undefined): void {
  const missingEnd = new Set<string>();
  let from = 0;
  for (;;) {
    const begin = text.indexOf('-----BEGIN ', from);
    if (begin < 0) return;
    const labelEnd = text.indexOf('-----', begin + 11);
    const label = labelEnd > 0 && labelEnd - begin < 60 ? text.slice(begin + 11, labelEnd) : '';
    if (!/^(?:[A-Z0-9]+ )*PRIVATE KEY$/.test(label)) {
      from = begin + 11;
      continue;
    }
    const bodyStart = labelEnd + 5;
    const endMarker = `-----END ${label}-----`;
    let end = missingEnd.has(label) ? -1 : text.indexOf(endMarker, bodyStart);
    if (end < 0) {
      missingEnd.add(label);
      end = base64RunEnd(text, bodyStart);
    } else {
      end += endMarker.length;
    }
    const gcp =
      (key !== undefined && key === 'private_key') ||
      text.includes('"service_account"') ||
      text.includes('iam.gserviceaccount.com');
    out.push({
      start: begin,
      end,
      label: gcp ? 'gcp_service_account_key' : 'private_key',
      hint: `-----BEGIN ${label}-----…`,
    });
    from = end;
  }
}

/** End of a (possibly truncated) PEM body: base64, whitespace and escaped newlines. */
function base64RunEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    const base64 =
      (c >= 48 && c <= 57) ||
      (c >= 65 && c <= 90) ||
      (c >= 97 && c <= 122) ||
      c === 43 ||
      c === 47 ||
      c === 61;
    const space = c === 10 || c === 13 || c === 32 || c === 9;
    const escape = c === 92 && (text[i + 1] === 'n' || text[i + 1] === 'r');
    if (escape) i += 2;
    else if (base64 || space) i++;
    else break;
  }
  return i;
}

/** A JWT's header is base64url JSON naming an algorithm. */
function isJwt(token: string): boolean {
  const header = token.slice(0, token.indexOf('.'));
  try {
    const parsed: unknown = JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
    return (
      typeof parsed === 'object' && parsed !== null && typeof (parsed as { alg?: unknown }).alg === 'string'
    );
  } catch {
    return false;
  }
}

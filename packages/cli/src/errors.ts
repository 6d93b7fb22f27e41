// Exit codes scripts can trust, and errors in one line.
import { ApiProblem } from '@portcullis/sdk';

export const EXIT = {
  ok: 0,
  /** The API refused, the network failed, a file could not be read. */
  error: 1,
  /** The command line itself is wrong (unknown command or option, missing argument). */
  usage: 2,
  /** `plan --detailed-exitcode`: the plan has changes. */
  changes: 3,
} as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.error,
  ) {
    super(message);
  }
}

export const usage = (message: string) => new CliError(message, EXIT.usage);

/** One line: the API's problem detail, its field errors, its status and code. */
export function describeError(e: unknown): string {
  if (e instanceof ApiProblem) {
    const p = e.problem;
    const fields = (p.errors ?? []).map((f) => (f.path ? `${f.path}: ${f.message}` : f.message));
    const detail = p.detail ?? p.title ?? `HTTP ${p.status}`;
    const extra = fields.filter((f) => !detail.includes(f));
    return `${detail}${extra.length ? ` (${extra.join('; ')})` : ''} [HTTP ${p.status}${p.code ? ` ${p.code}` : ''}]`;
  }
  if (e instanceof Error) {
    const cause = (e as Error & { cause?: { code?: string; message?: string } }).cause;
    return cause?.code ? `${e.message}: ${cause.code}${cause.message ? ` ${cause.message}` : ''}` : e.message;
  }
  return String(e);
}

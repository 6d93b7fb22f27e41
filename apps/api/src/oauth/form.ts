// application/x-www-form-urlencoded bodies for the OAuth endpoints, strictly: one value per
// parameter (RFC 6749 §3.2: "Request and response parameters MUST NOT be included more than
// once"), nothing in the query string.
import { OAuthError } from './oauth-error';

export type Form = ReadonlyMap<string, string>;

export function parseForm(raw: string): Form {
  const params = new URLSearchParams(raw);
  const form = new Map<string, string>();
  for (const [key, value] of params) {
    if (form.has(key)) {
      throw new OAuthError(
        key === 'resource' ? 'invalid_target' : 'invalid_request',
        `Parameter "${key}" is repeated.`,
      );
    }
    // Empty values are treated as absent (RFC 6749 §3.1).
    if (value !== '') form.set(key, value);
  }
  return form;
}

export function requireFormBody(contentType: string | undefined, body: unknown, url: string): Form {
  if (url.includes('?'))
    throw new OAuthError('invalid_request', 'Parameters must be sent in the body, not the query string.');
  if (
    !contentType ||
    !contentType.toLowerCase().startsWith('application/x-www-form-urlencoded') ||
    !(body instanceof Map)
  ) {
    throw new OAuthError('invalid_request', 'The body must be application/x-www-form-urlencoded.');
  }
  return body as Form;
}

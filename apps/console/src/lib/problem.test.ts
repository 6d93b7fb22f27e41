import { describe, expect, it } from 'vitest';
import {
  ApiError,
  errorMessage,
  networkError,
  parseRetryAfter,
  problemFromResponse,
  toFieldErrors,
} from './problem';

const headers = (h: Record<string, string> = {}) => new Headers(h);

describe('problemFromResponse', () => {
  it('reads an RFC 9457 body with field errors', () => {
    const e = problemFromResponse(400, headers(), {
      type: 'about:blank#weak_password',
      title: 'Password too weak',
      status: 400,
      detail: 'Password must be at least 12 characters long.',
      code: 'weak_password',
      requestId: 'req-12345678',
      errors: [{ path: 'password', message: 'Password must be at least 12 characters long.' }],
    });
    expect(e).toBeInstanceOf(ApiError);
    expect(e.status).toBe(400);
    expect(e.code).toBe('weak_password');
    expect(e.detail).toBe('Password must be at least 12 characters long.');
    expect(e.requestId).toBe('req-12345678');
    expect(e.fieldErrors).toEqual({ password: 'Password must be at least 12 characters long.' });
  });

  it('keeps the first message per field and files path-less errors under "_"', () => {
    expect(
      toFieldErrors([
        { path: 'email', message: 'Enter a valid e-mail address.' },
        { path: 'email', message: 'Second message.' },
        { path: '', message: 'Unknown field(s): x.' },
      ]),
    ).toEqual({ email: 'Enter a valid e-mail address.', _: 'Unknown field(s): x.' });
  });

  it('falls back to the title when the problem has no detail', () => {
    const e = problemFromResponse(403, headers(), {
      type: 'x',
      title: 'Forbidden',
      status: 403,
      code: 'forbidden',
    });
    expect(e.detail).toBe('Forbidden');
    expect(e.fieldErrors).toEqual({});
  });

  it('reads Retry-After on a throttled answer', () => {
    const e = problemFromResponse(429, headers({ 'Retry-After': '30' }), {
      type: 'x',
      title: 'Too many requests',
      status: 429,
      code: 'too_many_requests',
      detail: 'Too many sign-in attempts.',
    });
    expect(e.retryAfterSeconds).toBe(30);
  });

  it('makes a generic error of a body that is not a problem', () => {
    const e = problemFromResponse(502, headers(), '<html>Bad gateway</html>');
    expect(e.code).toBe('server_error');
    expect(e.detail).toBe('The API is not reachable right now.');
    const e404 = problemFromResponse(418, headers(), undefined);
    expect(e404.code).toBe('http_error');
    expect(e404.detail).toContain('418');
  });
});

describe('parseRetryAfter', () => {
  it('accepts seconds and HTTP dates, ignores garbage', () => {
    expect(parseRetryAfter('5')).toBe(5);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
    const inTenSeconds = new Date(Date.now() + 10_000).toUTCString();
    const parsed = parseRetryAfter(inTenSeconds)!;
    expect(parsed).toBeGreaterThanOrEqual(8);
    expect(parsed).toBeLessThanOrEqual(11);
  });
});

describe('errorMessage', () => {
  it('prefers the problem detail', () => {
    expect(errorMessage(networkError(new TypeError('fetch failed')))).toMatch(/Could not reach/);
    expect(errorMessage(new Error('boom'))).toBe('boom');
    expect(errorMessage('x')).toBe('Something went wrong.');
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, apiFetch, readCookie, setCsrfToken } from './api';

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(undefined);
});

function stubFetch(response: Response) {
  const fetchMock = vi.fn<typeof fetch>(async () => response);
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

describe('apiFetch', () => {
  it('sends the CSRF token on unsafe methods only', async () => {
    setCsrfToken('csrf-abc');
    const fetchMock = stubFetch(new Response(JSON.stringify({ ok: true }), { status: 200 }));
    await apiFetch('/api/v1/members/1', { method: 'PATCH', body: { role: 'admin' } });
    const [, init] = fetchMock.mock.calls[0]!;
    const sent = init!.headers as Record<string, string>;
    expect(sent['X-CSRF-Token']).toBe('csrf-abc');
    expect(sent['Content-Type']).toBe('application/json');
    expect(init!.body).toBe('{"role":"admin"}');

    fetchMock.mockResolvedValueOnce(new Response('{}', { status: 200 }));
    await apiFetch('/api/v1/members');
    const getHeaders = fetchMock.mock.calls[1]![1]!.headers as Record<string, string>;
    expect(getHeaders['X-CSRF-Token']).toBeUndefined();
  });

  it('resolves an empty 204 to undefined', async () => {
    stubFetch(new Response(null, { status: 204 }));
    await expect(apiFetch('/api/v1/members/1', { method: 'DELETE' })).resolves.toBeUndefined();
  });

  it('throws a typed ApiError with field errors', async () => {
    stubFetch(
      new Response(
        JSON.stringify({
          type: 'about:blank#conflict',
          title: 'Conflict',
          status: 409,
          detail: 'An account with this e-mail address already exists.',
          code: 'conflict',
          errors: [{ path: 'email', message: 'Already registered.' }],
        }),
        { status: 409, headers: { 'Content-Type': 'application/problem+json' } },
      ),
    );
    const error = await apiFetch('/api/v1/auth/signup', { method: 'POST', body: {} }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).fieldErrors.email).toBe('Already registered.');
    expect((error as ApiError).status).toBe(409);
  });

  it('turns a failed connection into a network_error', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('fetch failed'))),
    );
    await expect(apiFetch('/api/v1/tenant')).rejects.toMatchObject({ code: 'network_error', status: 0 });
  });
});

describe('readCookie', () => {
  it('finds one cookie among several', () => {
    expect(readCookie('a=1; pc_csrf=tok%3Dx; b=2', 'pc_csrf')).toBe('tok=x');
    expect(readCookie('a=1', 'pc_csrf')).toBeUndefined();
  });
});

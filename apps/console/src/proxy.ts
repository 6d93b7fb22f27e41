// Two jobs for every request the console serves.
// 1. Same-origin API: /api/* and /healthz are forwarded to the API, so the session cookies are
//    first-party and the browser needs no CORS. A runtime rewrite on purpose: `rewrites()` in
//    next.config is frozen into the build, and a console built once must be able to point at
//    whatever API_URL it is started with. The browser's address goes along in a header the API
//    believes only with the shared CONSOLE_PROXY_SECRET (server.mjs found the address).
// 2. Pages get a Content-Security-Policy with a fresh nonce (Next puts it on its own scripts)
//    and may not be framed by anyone.
import { NextResponse, type NextRequest } from 'next/server';
import { contentSecurityPolicy } from './lib/csp';
import { CLIENT_ADDRESS_HEADER, PROXY_SECRET_HEADER } from './lib/proxy-headers';

const DEFAULT_API_URL = 'http://127.0.0.1:4000';

function forwardToApi(request: NextRequest) {
  const apiUrl = (process.env.API_URL || DEFAULT_API_URL).replace(/\/+$/, '');
  const headers = new Headers(request.headers);
  // Whatever a browser sent under these names is dropped; only ours go through.
  headers.delete(PROXY_SECRET_HEADER);
  headers.delete(CLIENT_ADDRESS_HEADER);
  const secret = process.env.CONSOLE_PROXY_SECRET;
  // Set by server.mjs from the socket (never from the browser's own headers); absent under a bare `next start`.
  const address =
    process.env.PORTCULLIS_CONSOLE_SERVER === '1' ? request.headers.get(CLIENT_ADDRESS_HEADER) : null;
  if (secret && address) {
    headers.set(PROXY_SECRET_HEADER, secret);
    headers.set(CLIENT_ADDRESS_HEADER, address);
  }
  return NextResponse.rewrite(new URL(`${request.nextUrl.pathname}${request.nextUrl.search}`, apiUrl), {
    request: { headers },
  });
}

function page(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
  const policy = contentSecurityPolicy(nonce, process.env.NODE_ENV !== 'production');
  const headers = new Headers(request.headers);
  headers.set('x-nonce', nonce);
  // Next reads the nonce from the request's policy and puts it on the scripts it renders.
  headers.set('content-security-policy', policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('content-security-policy', policy);
  response.headers.set('x-frame-options', 'DENY');
  response.headers.set('x-content-type-options', 'nosniff');
  response.headers.set('referrer-policy', 'same-origin');
  return response;
}

export function proxy(request: NextRequest) {
  const path = request.nextUrl.pathname;
  return path.startsWith('/api/') || path === '/api' || path === '/healthz'
    ? forwardToApi(request)
    : page(request);
}

export const config = { matcher: ['/((?!_next/static|_next/image|favicon.ico|icon.svg).*)'] };

// Same-origin API: /api/* and /healthz on the console's origin are forwarded to the API, so
// the session cookies are first-party and the browser needs no CORS. This is a runtime
// rewrite on purpose: `rewrites()` in next.config is frozen into the build output, and a
// console built once must be able to point at whatever API_URL it is started with.
import { NextResponse, type NextRequest } from 'next/server';

const DEFAULT_API_URL = 'http://127.0.0.1:4000';

export function proxy(request: NextRequest) {
  const apiUrl = (process.env.API_URL || DEFAULT_API_URL).replace(/\/+$/, '');
  return NextResponse.rewrite(new URL(`${request.nextUrl.pathname}${request.nextUrl.search}`, apiUrl));
}

export const config = { matcher: ['/api/:path*', '/healthz'] };

/**
 * The console's Content-Security-Policy: scripts only from this origin with the page's nonce
 * (and what those load: 'strict-dynamic'), no plugins, no framing by any site (clickjacking),
 * forms and fetches to this origin only. Development adds 'unsafe-eval' for React's debugging.
 */
export function contentSecurityPolicy(nonce: string, development: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ''}`,
    // Tailwind and Next inject style attributes; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

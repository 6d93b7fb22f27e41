import type { NextConfig } from 'next';

// The /api proxy lives in src/proxy.ts (a runtime rewrite that reads API_URL at start).
const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  async headers() {
    return [
      {
        // The consent page of MCP clients' authorizations: never in a frame (clickjacking), and
        // the request id in its URL never leaves in a Referer.
        source: '/authorize',
        headers: [
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Content-Security-Policy', value: "frame-ancestors 'none'" },
          { key: 'Referrer-Policy', value: 'no-referrer' },
          { key: 'Cache-Control', value: 'no-store' },
        ],
      },
    ];
  },
};

export default config;

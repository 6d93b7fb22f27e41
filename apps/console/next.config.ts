import type { NextConfig } from 'next';

// The /api proxy lives in src/proxy.ts (a runtime rewrite that reads API_URL at start).
const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
};

export default config;

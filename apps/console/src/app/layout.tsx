import type { Metadata } from 'next';
import './globals.css';

// Rendered per request: each page carries the nonce of its Content-Security-Policy (src/proxy.ts).
export const dynamic = 'force-dynamic';

export const metadata: Metadata = {
  title: { default: 'Portcullis', template: '%s · Portcullis' },
  description: 'Governance for MCP servers',
  robots: { index: false, follow: false },
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}

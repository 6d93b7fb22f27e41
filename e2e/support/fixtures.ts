// The test object every spec uses: baseURL is the console global-setup started.
import { test as base, expect } from '@playwright/test';
import { startExampleServer, type ExampleServer } from '@portcullis/example-mcp-server';

export const test = base.extend<{ upstream: ExampleServer }>({
  // Playwright reads a fixture's dependencies from the destructuring pattern: it must be there, even empty.
  // eslint-disable-next-line no-empty-pattern
  baseURL: async ({}, use) => {
    const url = process.env.E2E_CONSOLE_URL;
    if (!url) throw new Error('E2E_CONSOLE_URL is not set: run through playwright.config.ts (global setup)');
    await use(url);
  },
  // The example MCP server on a free port, for the tests that name it; closed after each.
  // eslint-disable-next-line no-empty-pattern
  upstream: async ({}, use) => {
    const server = await startExampleServer({ port: 0 });
    await use(server);
    await server.close();
  },
});

export { expect };

export function apiUrl(): string {
  const url = process.env.E2E_API_URL;
  if (!url) throw new Error('E2E_API_URL is not set: run through playwright.config.ts (global setup)');
  return url;
}

/** The test database as its superuser (tampering tests only). */
export function databaseUrl(): string {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error('E2E_DATABASE_URL is not set: run through playwright.config.ts (global setup)');
  return url;
}

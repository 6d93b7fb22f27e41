// The test object every spec uses: baseURL is the console global-setup started.
import { test as base, expect } from '@playwright/test';

export const test = base.extend({
  baseURL: async ({}, use) => {
    const url = process.env.E2E_CONSOLE_URL;
    if (!url) throw new Error('E2E_CONSOLE_URL is not set: run through playwright.config.ts (global setup)');
    await use(url);
  },
});

export { expect };

export function apiUrl(): string {
  const url = process.env.E2E_API_URL;
  if (!url) throw new Error('E2E_API_URL is not set: run through playwright.config.ts (global setup)');
  return url;
}

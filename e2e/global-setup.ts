import { startStack, type Stack } from './support/stack';

declare global {
  var __portcullisStack: Stack | undefined;
}

/** Starts the platform once for the run; tests read its addresses from the environment. */
export default async function globalSetup(): Promise<void> {
  const stack = await startStack();
  globalThis.__portcullisStack = stack;
  // Workers are started after this and inherit the environment.
  process.env.E2E_API_URL = stack.apiUrl;
  process.env.E2E_CONSOLE_URL = stack.consoleUrl;
  process.env.E2E_DATABASE_URL = stack.databaseUrl;
  console.log(`e2e platform: console ${stack.consoleUrl}, API ${stack.apiUrl}, logs ${stack.logDir}`);
}

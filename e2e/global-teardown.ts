/** Stops everything global-setup started (same runner process, so the handle is on globalThis). */
export default async function globalTeardown(): Promise<void> {
  await globalThis.__portcullisStack?.stop();
  globalThis.__portcullisStack = undefined;
}

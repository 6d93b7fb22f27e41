// /readyz is what a load balancer watches: from the first stop signal it answers 503 at once,
// whatever the database and Redis say, while /healthz (the process is up) still answers 200.
import { expect, it } from 'vitest';
import { startTestApp } from './harness';
import { Drain } from '../src/infra/drain';

it('answers /readyz with 503 once the node drains, and /healthz with 200', async () => {
  const app = await startTestApp();
  try {
    expect((await fetch(`${app.baseUrl}/readyz`)).status).toBe(200);
    app.app.get(Drain).begin();
    const ready = await fetch(`${app.baseUrl}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'draining' });
    expect((await fetch(`${app.baseUrl}/healthz`)).status).toBe(200);
  } finally {
    await app.close();
  }
});

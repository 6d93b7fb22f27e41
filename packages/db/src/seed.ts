// Idempotent demo seed: a demo tenant and its owner. Safe to run on every start. Development
// only: the owner's password is generated per checkout (scripts/start.mjs) and set on each start.
import { hashPassword } from '@portcullis/auth-core';
import type { Db } from './client';

export const DEMO = {
  tenantSlug: 'demo',
  tenantName: 'Demo Corp',
  email: 'admin@demo.local',
  name: 'Demo Admin',
} as const;

export async function seedDemo(db: Db, password: string): Promise<{ tenantId: string; userId: string }> {
  const tenant = await db.tenant.upsert({
    where: { slug: DEMO.tenantSlug },
    update: {},
    create: { slug: DEMO.tenantSlug, name: DEMO.tenantName },
  });
  const passwordHash = await hashPassword(password);
  const user = await db.user.upsert({
    where: { email: DEMO.email },
    update: { passwordHash },
    create: { email: DEMO.email, name: DEMO.name, passwordHash },
  });
  await db.membership.upsert({
    where: { tenantId_userId: { tenantId: tenant.id, userId: user.id } },
    update: {},
    create: { tenantId: tenant.id, userId: user.id, role: 'owner' },
  });
  return { tenantId: tenant.id, userId: user.id };
}

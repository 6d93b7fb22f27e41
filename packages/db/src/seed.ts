// Idempotent demo seed: a demo tenant and its owner. Safe to run on every start.
import { hashPassword } from '@portcullis/auth-core';
import type { Db } from './client';

export const DEMO = {
  tenantSlug: 'demo',
  tenantName: 'Demo Corp',
  email: 'admin@demo.local',
  name: 'Demo Admin',
  password: 'portcullis-demo-admin',
} as const;

export async function seedDemo(db: Db): Promise<{ tenantId: string; userId: string }> {
  const tenant = await db.tenant.upsert({
    where: { slug: DEMO.tenantSlug },
    update: {},
    create: { slug: DEMO.tenantSlug, name: DEMO.tenantName },
  });
  let user = await db.user.findUnique({ where: { email: DEMO.email } });
  user ??= await db.user.create({
    data: { email: DEMO.email, name: DEMO.name, passwordHash: await hashPassword(DEMO.password) },
  });
  await db.membership.upsert({
    where: { tenantId_userId: { tenantId: tenant.id, userId: user.id } },
    update: {},
    create: { tenantId: tenant.id, userId: user.id, role: 'owner' },
  });
  return { tenantId: tenant.id, userId: user.id };
}

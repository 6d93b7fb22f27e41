// The demo the README's start command brings up: the demo tenant and admin (packages/db),
// the example MCP server registered behind the gateway, and a demo agent granted on it whose
// credentials are written to a local file (never to a log) for the README's example call; the
// demo's owners may also use the server from their own MCP client.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { INestApplication } from '@nestjs/common';
import { Db, seedDemo } from '@portcullis/db';
import { SecretHasher, mintCredential } from '@portcullis/auth-core';
import type { AppConfig } from '../config/config';
import { CONFIG } from '../config/config';
import { SECRET_HASHER } from '../infra/core.module';
import { InvalidationBus } from '../infra/invalidation';
import { ServersService } from '../servers/servers.service';
import { resourceUrl, issuerUrl } from '../oauth/issuer';

export async function seedDemoPlatform(app: INestApplication, db: Db) {
  const config = app.get<AppConfig>(CONFIG);
  // loadConfig already refused SEED_DEMO in production; the password is per checkout.
  if (!config.DEMO_ADMIN_PASSWORD)
    throw new Error('SEED_DEMO needs DEMO_ADMIN_PASSWORD (scripts/start.mjs generates one)');
  const { tenantId } = await seedDemo(db, config.DEMO_ADMIN_PASSWORD);
  const opts = { upstreamUrl: config.DEMO_UPSTREAM_URL, agentFile: config.DEMO_AGENT_FILE };
  if (!opts.upstreamUrl) return;
  let server = await db.mcpServer.findUnique({ where: { tenantId_slug: { tenantId, slug: 'example' } } });
  if (!server) {
    server = await db.mcpServer.create({
      data: {
        tenantId,
        slug: 'example',
        name: 'Example MCP server',
        upstreamUrl: opts.upstreamUrl,
        autoApproveTools: true,
        tags: ['demo'],
      },
    });
  }
  await app.get(ServersService).enqueueSync(tenantId, server.id);
  let agent = await db.agent.findFirst({ where: { tenantId, name: 'demo-agent' } });
  agent ??= await db.agent.create({
    data: {
      tenantId,
      clientId: 'agt_demo_agent',
      name: 'demo-agent',
      description: 'Created by the demo seed',
    },
  });
  await db.agentGrant.upsert({
    where: { agentId_serverId: { agentId: agent.id, serverId: server.id } },
    update: {},
    create: {
      tenantId,
      agentId: agent.id,
      serverId: server.id,
      allTools: true,
      resources: true,
      prompts: true,
    },
  });
  // People's MCP clients: the demo's owners may use every tool of the example server from their
  // own MCP client (VS Code, the MCP Inspector...), after consenting in the console.
  await db.memberGrant.upsert({
    where: { serverId_role: { serverId: server.id, role: 'owner' } },
    update: {},
    create: { tenantId, serverId: server.id, role: 'owner', allTools: true, resources: true, prompts: true },
  });
  if (!opts.agentFile) return;
  const saved = existsSync(opts.agentFile)
    ? (JSON.parse(readFileSync(opts.agentFile, 'utf8')) as { clientSecret?: string })
    : {};
  const hasher = app.get<SecretHasher>(SECRET_HASHER);
  const live = saved.clientSecret
    ? await db.clientSecret.findFirst({
        where: { agentId: agent.id, hash: hasher.hash(saved.clientSecret), revokedAt: null },
      })
    : null;
  if (!live) {
    const minted = mintCredential('client_secret', hasher);
    await db.clientSecret.create({
      data: { tenantId, agentId: agent.id, hash: minted.hash, prefix: minted.displayPrefix },
    });
    const file = {
      clientId: agent.clientId,
      clientSecret: minted.secret,
      issuer: issuerUrl(config.PUBLIC_URL, 'demo'),
      gatewayUrl: resourceUrl(config.PUBLIC_URL, 'demo', 'example'),
    };
    writeFileSync(opts.agentFile, JSON.stringify(file, null, 2), { mode: 0o600 });
  }
  await app.get(InvalidationBus).publish({ kind: 'tenant', tenantId });
}

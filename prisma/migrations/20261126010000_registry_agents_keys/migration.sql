-- CreateEnum
CREATE TYPE "ServerStatus" AS ENUM ('active', 'disabled');

-- CreateEnum
CREATE TYPE "UpstreamAuth" AS ENUM ('none', 'bearer', 'header');

-- CreateEnum
CREATE TYPE "SyncStatus" AS ENUM ('pending', 'ok', 'error');

-- CreateEnum
CREATE TYPE "ToolReview" AS ENUM ('approved', 'quarantined', 'rejected');

-- CreateEnum
CREATE TYPE "AgentStatus" AS ENUM ('active', 'disabled');

-- CreateEnum
CREATE TYPE "KeyState" AS ENUM ('next', 'active', 'retired');

-- CreateTable
CREATE TABLE "McpServer" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "slug" VARCHAR(63) NOT NULL,
    "name" VARCHAR(120) NOT NULL,
    "upstreamUrl" VARCHAR(2048) NOT NULL,
    "upstreamAuth" "UpstreamAuth" NOT NULL DEFAULT 'none',
    "upstreamHeaderName" VARCHAR(128),
    "upstreamSecretSealed" TEXT,
    "upstreamSecretHint" VARCHAR(32),
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "status" "ServerStatus" NOT NULL DEFAULT 'active',
    "autoApproveTools" BOOLEAN NOT NULL DEFAULT false,
    "lastSyncAt" TIMESTAMPTZ(3),
    "lastSyncStatus" "SyncStatus" NOT NULL DEFAULT 'pending',
    "lastSyncError" VARCHAR(2000),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "McpServer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "McpTool" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "serverId" UUID NOT NULL,
    "name" VARCHAR(256) NOT NULL,
    "definition" JSONB NOT NULL,
    "fingerprint" VARCHAR(64) NOT NULL,
    "approvedDefinition" JSONB,
    "approvedFingerprint" VARCHAR(64),
    "review" "ToolReview" NOT NULL DEFAULT 'quarantined',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "firstSeenAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "removedAt" TIMESTAMPTZ(3),

    CONSTRAINT "McpTool_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Agent" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "clientId" VARCHAR(64) NOT NULL,
    "name" VARCHAR(120) NOT NULL,
    "description" VARCHAR(500),
    "status" "AgentStatus" NOT NULL DEFAULT 'active',
    "tokenLifetimeSec" INTEGER NOT NULL DEFAULT 300,
    "authMethods" TEXT[] DEFAULT ARRAY['client_secret_basic', 'client_secret_post']::TEXT[],
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Agent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AgentGrant" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "agentId" UUID NOT NULL,
    "serverId" UUID NOT NULL,
    "allTools" BOOLEAN NOT NULL DEFAULT false,
    "tools" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "resources" BOOLEAN NOT NULL DEFAULT false,
    "prompts" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AgentGrant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ClientSecret" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "agentId" UUID NOT NULL,
    "hash" VARCHAR(64) NOT NULL,
    "prefix" VARCHAR(32) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3),
    "revokedAt" TIMESTAMPTZ(3),
    "lastUsedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ClientSecret_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AgentKey" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "agentId" UUID NOT NULL,
    "kid" VARCHAR(256),
    "thumbprint" VARCHAR(64) NOT NULL,
    "jwk" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMPTZ(3),

    CONSTRAINT "AgentKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AgentApiKey" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "agentId" UUID NOT NULL,
    "name" VARCHAR(120) NOT NULL,
    "prefix" VARCHAR(32) NOT NULL,
    "hash" VARCHAR(64) NOT NULL,
    "scope" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3),
    "revokedAt" TIMESTAMPTZ(3),
    "lastUsedAt" TIMESTAMPTZ(3),

    CONSTRAINT "AgentApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SigningKey" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "kid" VARCHAR(128) NOT NULL,
    "alg" VARCHAR(16) NOT NULL,
    "state" "KeyState" NOT NULL,
    "publicJwk" JSONB NOT NULL,
    "privateKeySealed" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "activatedAt" TIMESTAMPTZ(3),
    "retiredAt" TIMESTAMPTZ(3),
    "publishUntil" TIMESTAMPTZ(3),

    CONSTRAINT "SigningKey_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "McpServer_tenantId_idx" ON "McpServer"("tenantId");

-- CreateIndex
CREATE UNIQUE INDEX "McpServer_tenantId_slug_key" ON "McpServer"("tenantId", "slug");

-- CreateIndex
CREATE INDEX "McpTool_tenantId_idx" ON "McpTool"("tenantId");

-- CreateIndex
CREATE UNIQUE INDEX "McpTool_serverId_name_key" ON "McpTool"("serverId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "Agent_clientId_key" ON "Agent"("clientId");

-- CreateIndex
CREATE INDEX "Agent_tenantId_idx" ON "Agent"("tenantId");

-- CreateIndex
CREATE INDEX "AgentGrant_tenantId_idx" ON "AgentGrant"("tenantId");

-- CreateIndex
CREATE UNIQUE INDEX "AgentGrant_agentId_serverId_key" ON "AgentGrant"("agentId", "serverId");

-- CreateIndex
CREATE UNIQUE INDEX "ClientSecret_hash_key" ON "ClientSecret"("hash");

-- CreateIndex
CREATE INDEX "ClientSecret_tenantId_idx" ON "ClientSecret"("tenantId");

-- CreateIndex
CREATE INDEX "ClientSecret_agentId_idx" ON "ClientSecret"("agentId");

-- CreateIndex
CREATE INDEX "AgentKey_tenantId_idx" ON "AgentKey"("tenantId");

-- CreateIndex
CREATE UNIQUE INDEX "AgentKey_agentId_thumbprint_key" ON "AgentKey"("agentId", "thumbprint");

-- CreateIndex
CREATE UNIQUE INDEX "AgentApiKey_hash_key" ON "AgentApiKey"("hash");

-- CreateIndex
CREATE INDEX "AgentApiKey_tenantId_idx" ON "AgentApiKey"("tenantId");

-- CreateIndex
CREATE UNIQUE INDEX "SigningKey_kid_key" ON "SigningKey"("kid");

-- CreateIndex
CREATE INDEX "SigningKey_tenantId_idx" ON "SigningKey"("tenantId");

-- AddForeignKey
ALTER TABLE "McpTool" ADD CONSTRAINT "McpTool_serverId_fkey" FOREIGN KEY ("serverId") REFERENCES "McpServer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgentGrant" ADD CONSTRAINT "AgentGrant_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgentGrant" ADD CONSTRAINT "AgentGrant_serverId_fkey" FOREIGN KEY ("serverId") REFERENCES "McpServer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClientSecret" ADD CONSTRAINT "ClientSecret_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgentKey" ADD CONSTRAINT "AgentKey_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgentApiKey" ADD CONSTRAINT "AgentApiKey_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent"("id") ON DELETE CASCADE ON UPDATE CASCADE;


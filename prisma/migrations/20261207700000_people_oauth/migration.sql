-- People's MCP clients (issue 14): members connect MCP hosts through the authorization code flow.

-- CreateEnum
CREATE TYPE "ClientRegistration" AS ENUM ('open', 'approval', 'off');

-- CreateEnum
CREATE TYPE "OAuthClientKind" AS ENUM ('dynamic', 'metadata_document');

-- CreateEnum
CREATE TYPE "OAuthClientStatus" AS ENUM ('active', 'pending', 'disabled');

-- A role for people who use the tenant's MCP servers through an MCP host and see nothing else.
ALTER TYPE "Role" ADD VALUE 'member';

-- AlterTable
ALTER TABLE "Tenant" ADD COLUMN     "clientRegistration" "ClientRegistration" NOT NULL DEFAULT 'open',
ADD COLUMN     "refreshIdleDays" INTEGER NOT NULL DEFAULT 14,
ADD COLUMN     "refreshMaxDays" INTEGER NOT NULL DEFAULT 90;

-- CreateTable
CREATE TABLE "MemberGrant" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "serverId" UUID NOT NULL,
    "role" "Role",
    "membershipId" UUID,
    "allTools" BOOLEAN NOT NULL DEFAULT false,
    "tools" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "resources" BOOLEAN NOT NULL DEFAULT false,
    "resourcePatterns" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "prompts" BOOLEAN NOT NULL DEFAULT false,
    "promptNames" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "MemberGrant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OAuthClient" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "clientId" VARCHAR(1024) NOT NULL,
    "kind" "OAuthClientKind" NOT NULL,
    "status" "OAuthClientStatus" NOT NULL,
    "name" VARCHAR(100),
    "clientUri" VARCHAR(2048),
    "redirectUris" TEXT[],
    "grantTypes" TEXT[],
    "authMethod" VARCHAR(32) NOT NULL,
    "applicationType" VARCHAR(8) NOT NULL,
    "scope" TEXT,
    "softwareId" VARCHAR(200),
    "softwareVersion" VARCHAR(100),
    "secretHash" VARCHAR(64),
    "verifiedAt" TIMESTAMPTZ(3),
    "registeredIp" VARCHAR(64),
    "metadataFetchedAt" TIMESTAMPTZ(3),
    "metadataExpiresAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "OAuthClient_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OAuthConsent" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "clientRowId" UUID NOT NULL,
    "serverId" UUID NOT NULL,
    "scopes" TEXT[],
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "OAuthConsent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OAuthGrant" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "clientRowId" UUID NOT NULL,
    "serverId" UUID NOT NULL,
    "resource" VARCHAR(2048) NOT NULL,
    "scopes" TEXT[],
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMPTZ(3),
    "revokedReason" VARCHAR(40),

    CONSTRAINT "OAuthGrant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OAuthRefreshToken" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "grantId" UUID NOT NULL,
    "hash" VARCHAR(64) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "usedAt" TIMESTAMPTZ(3),

    CONSTRAINT "OAuthRefreshToken_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "MemberGrant_tenantId_idx" ON "MemberGrant"("tenantId");

-- CreateIndex
CREATE UNIQUE INDEX "MemberGrant_serverId_role_key" ON "MemberGrant"("serverId", "role");

-- CreateIndex
CREATE UNIQUE INDEX "MemberGrant_serverId_membershipId_key" ON "MemberGrant"("serverId", "membershipId");

-- CreateIndex
CREATE INDEX "OAuthClient_tenantId_idx" ON "OAuthClient"("tenantId");

-- CreateIndex
CREATE UNIQUE INDEX "OAuthClient_tenantId_clientId_key" ON "OAuthClient"("tenantId", "clientId");

-- CreateIndex
CREATE INDEX "OAuthConsent_tenantId_userId_idx" ON "OAuthConsent"("tenantId", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "OAuthConsent_clientRowId_userId_serverId_key" ON "OAuthConsent"("clientRowId", "userId", "serverId");

-- CreateIndex
CREATE INDEX "OAuthGrant_tenantId_userId_idx" ON "OAuthGrant"("tenantId", "userId");

-- CreateIndex
CREATE INDEX "OAuthGrant_clientRowId_idx" ON "OAuthGrant"("clientRowId");

-- CreateIndex
CREATE UNIQUE INDEX "OAuthRefreshToken_hash_key" ON "OAuthRefreshToken"("hash");

-- CreateIndex
CREATE INDEX "OAuthRefreshToken_grantId_idx" ON "OAuthRefreshToken"("grantId");

-- AddForeignKey
ALTER TABLE "MemberGrant" ADD CONSTRAINT "MemberGrant_serverId_fkey" FOREIGN KEY ("serverId") REFERENCES "McpServer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MemberGrant" ADD CONSTRAINT "MemberGrant_membershipId_fkey" FOREIGN KEY ("membershipId") REFERENCES "Membership"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OAuthConsent" ADD CONSTRAINT "OAuthConsent_clientRowId_fkey" FOREIGN KEY ("clientRowId") REFERENCES "OAuthClient"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OAuthConsent" ADD CONSTRAINT "OAuthConsent_serverId_fkey" FOREIGN KEY ("serverId") REFERENCES "McpServer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OAuthGrant" ADD CONSTRAINT "OAuthGrant_clientRowId_fkey" FOREIGN KEY ("clientRowId") REFERENCES "OAuthClient"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OAuthGrant" ADD CONSTRAINT "OAuthGrant_serverId_fkey" FOREIGN KEY ("serverId") REFERENCES "McpServer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OAuthRefreshToken" ADD CONSTRAINT "OAuthRefreshToken_grantId_fkey" FOREIGN KEY ("grantId") REFERENCES "OAuthGrant"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- A member grant is for a role or for one member, never both or neither.
ALTER TABLE "MemberGrant" ADD CONSTRAINT "MemberGrant_one_subject" CHECK (("role" IS NULL) <> ("membershipId" IS NULL));

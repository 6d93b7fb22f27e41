-- Revoked access tokens, durable (they were only in Redis): a Redis restart without
-- persistence must not bring a revoked token back to life.
CREATE TABLE "RevokedToken" (
    "jti" VARCHAR(128) NOT NULL,
    "tenantId" UUID NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RevokedToken_pkey" PRIMARY KEY ("jti")
);

CREATE INDEX "RevokedToken_tenantId_expiresAt_idx" ON "RevokedToken"("tenantId", "expiresAt");

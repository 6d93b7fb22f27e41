-- CreateTable
CREATE TABLE "AuditSink" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "name" VARCHAR(120) NOT NULL,
    "kind" VARCHAR(16) NOT NULL,
    "url" VARCHAR(2048),
    "secretSealed" TEXT,
    "actions" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "AuditSink_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditDelivery" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "sinkId" UUID NOT NULL,
    "eventIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "checkpointJws" TEXT,
    "status" VARCHAR(16) NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" VARCHAR(1000),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deliveredAt" TIMESTAMPTZ(3),

    CONSTRAINT "AuditDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AuditSink_tenantId_idx" ON "AuditSink"("tenantId");

-- CreateIndex
CREATE INDEX "AuditDelivery_tenantId_sinkId_status_idx" ON "AuditDelivery"("tenantId", "sinkId", "status");


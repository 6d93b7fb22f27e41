-- AlterTable
ALTER TABLE "Tenant" ADD COLUMN     "auditRetentionDays" INTEGER NOT NULL DEFAULT 365;

-- AlterTable
ALTER TABLE "SigningKey" ADD COLUMN     "droppedAt" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "seq" BIGINT NOT NULL,
    "time" TIMESTAMPTZ(3) NOT NULL,
    "actorType" VARCHAR(16) NOT NULL,
    "actorId" VARCHAR(200) NOT NULL,
    "actorLabel" VARCHAR(200),
    "action" VARCHAR(40) NOT NULL,
    "targetType" VARCHAR(40),
    "targetId" VARCHAR(200),
    "targetLabel" VARCHAR(200),
    "outcome" VARCHAR(16) NOT NULL,
    "reason" VARCHAR(2000),
    "requestId" VARCHAR(200),
    "ip" VARCHAR(64),
    "country" CHAR(2),
    "tool" VARCHAR(256),
    "details" JSONB NOT NULL,
    "prevHash" CHAR(64) NOT NULL,
    "hash" CHAR(64) NOT NULL,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditHead" (
    "tenantId" UUID NOT NULL,
    "seq" BIGINT NOT NULL,
    "hash" CHAR(64) NOT NULL,

    CONSTRAINT "AuditHead_pkey" PRIMARY KEY ("tenantId")
);

-- CreateTable
CREATE TABLE "AuditCheckpoint" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "seq" BIGINT NOT NULL,
    "headHash" CHAR(64) NOT NULL,
    "time" TIMESTAMPTZ(3) NOT NULL,
    "jws" TEXT NOT NULL,

    CONSTRAINT "AuditCheckpoint_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AuditEvent_tenantId_time_idx" ON "AuditEvent"("tenantId", "time");

-- CreateIndex
CREATE INDEX "AuditEvent_tenantId_action_seq_idx" ON "AuditEvent"("tenantId", "action", "seq");

-- CreateIndex
CREATE INDEX "AuditEvent_tenantId_actorId_seq_idx" ON "AuditEvent"("tenantId", "actorId", "seq");

-- CreateIndex
CREATE INDEX "AuditEvent_tenantId_targetId_seq_idx" ON "AuditEvent"("tenantId", "targetId", "seq");

-- CreateIndex
CREATE INDEX "AuditEvent_tenantId_outcome_seq_idx" ON "AuditEvent"("tenantId", "outcome", "seq");

-- CreateIndex
CREATE INDEX "AuditEvent_tenantId_tool_seq_idx" ON "AuditEvent"("tenantId", "tool", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "AuditEvent_tenantId_seq_key" ON "AuditEvent"("tenantId", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "AuditCheckpoint_tenantId_seq_key" ON "AuditCheckpoint"("tenantId", "seq");


-- Append-only audit trail. Rows are never updated, and are deleted only by the retention job
-- (which sets portcullis.audit_retention for its transaction) and only at or below a signed
-- checkpoint, so the remaining chain stays anchored. TRUNCATE is refused outright.
CREATE OR REPLACE FUNCTION audit_event_guard() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    RAISE EXCEPTION 'audit events are append-only (UPDATE refused)';
  ELSIF TG_OP = 'DELETE' THEN
    IF coalesce(current_setting('portcullis.audit_retention', true), '') <> 'on' THEN
      RAISE EXCEPTION 'audit events are append-only (DELETE refused outside retention)';
    END IF;
    IF NOT EXISTS (
      SELECT 1 FROM "AuditCheckpoint" c WHERE c."tenantId" = OLD."tenantId" AND c."seq" >= OLD."seq"
    ) THEN
      RAISE EXCEPTION 'audit retention may only delete below a checkpoint';
    END IF;
    RETURN OLD;
  ELSIF TG_OP = 'TRUNCATE' THEN
    RAISE EXCEPTION 'audit events are append-only (TRUNCATE refused)';
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON "AuditEvent" FOR EACH ROW EXECUTE FUNCTION audit_event_guard();
CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON "AuditEvent" FOR EACH ROW EXECUTE FUNCTION audit_event_guard();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON "AuditEvent" FOR EACH STATEMENT EXECUTE FUNCTION audit_event_guard();

-- Audit search at a million events per tenant.
-- Trigram matching for the free-text filter on reason (ILIKE '%term%'). A trusted extension since
-- PostgreSQL 13 (the database owner may create it), and a PGlite contrib extension (loaded by
-- packages/db when it opens PGlite).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- DropIndex
DROP INDEX "AuditEvent_tenantId_time_idx";

-- CreateIndex
CREATE INDEX "AuditEvent_tenantId_time_seq_idx" ON "AuditEvent"("tenantId", "time", "seq");

-- CreateIndex
CREATE INDEX "AuditEvent_reason_idx" ON "AuditEvent" USING GIN ("reason" gin_trgm_ops);

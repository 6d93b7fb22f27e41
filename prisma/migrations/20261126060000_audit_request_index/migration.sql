-- Every event of one request (the explorer links a call to the policy decisions on it)
CREATE INDEX "AuditEvent_tenantId_requestId_idx" ON "AuditEvent"("tenantId", "requestId");

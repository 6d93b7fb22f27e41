-- The audit trail, append-only against the application (issue 11).
--
-- Two roles on PostgreSQL: migrations run as the owner of the tables (whoever DATABASE_URL names
-- during `pnpm db:migrate`); the application connects as a login role that is a member of the
-- NOLOGIN group role portcullis_app, created here if absent. That group may SELECT and INSERT
-- audit events and read the head and checkpoints; it cannot UPDATE, DELETE or TRUNCATE them, is
-- no owner (so cannot disable triggers), and moves the head, writes checkpoints and applies
-- retention only through the SECURITY DEFINER functions below, each of which checks what it is
-- asked to do against the stored chain. Every other table keeps full DML for the group (also
-- tables that later migrations create: default privileges). On PGlite there is one role, the
-- owner: the triggers and functions still hold for the application's code paths, the grants do
-- not (see the README).

-- The role, unless the operator created it (a migrating role without CREATEROLE needs that).
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'portcullis_app') THEN
    BEGIN
      CREATE ROLE portcullis_app NOLOGIN;
    EXCEPTION WHEN insufficient_privilege THEN
      RAISE EXCEPTION 'role portcullis_app does not exist and % may not create it: CREATE ROLE portcullis_app NOLOGIN as a superuser first (README, "Database roles")', current_user;
    END;
  END IF;
END $$;

-- Grants: everything the application does, except on the audit tables.
GRANT USAGE ON SCHEMA public TO portcullis_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO portcullis_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO portcullis_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO portcullis_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO portcullis_app;
REVOKE ALL ON "_prisma_migrations" FROM portcullis_app;
REVOKE ALL ON "AuditEvent", "AuditHead", "AuditCheckpoint" FROM portcullis_app;
GRANT SELECT, INSERT ON "AuditEvent" TO portcullis_app;
GRANT SELECT ON "AuditHead", "AuditCheckpoint" TO portcullis_app;

-- Room for the storable caps (audit-core FIELD_CAPS).
ALTER TABLE "AuditEvent" ALTER COLUMN "targetType" TYPE VARCHAR(100);

-- Checkpoints are 'head' (periodic) or 'retention' (signed when retention removes events up to
-- seq, so verification can tell retention from a deletion).
ALTER TABLE "AuditCheckpoint" ADD COLUMN "kind" VARCHAR(16) NOT NULL DEFAULT 'head';
DROP INDEX "AuditCheckpoint_tenantId_seq_key";
CREATE UNIQUE INDEX "AuditCheckpoint_tenantId_kind_seq_key" ON "AuditCheckpoint"("tenantId", "kind", "seq");

-- The outbox relay finds pending deliveries by age.
CREATE INDEX "AuditDelivery_status_createdAt_idx" ON "AuditDelivery"("status", "createdAt");

-- UPDATE, TRUNCATE refused; DELETE only inside audit_apply_retention (whose SET clause turns the
-- switch on for its own duration, and whose caller needs no DELETE privilege).
CREATE OR REPLACE FUNCTION audit_event_guard() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    RAISE EXCEPTION 'audit events are append-only (UPDATE refused)';
  ELSIF TG_OP = 'DELETE' THEN
    IF coalesce(current_setting('portcullis.audit_retention', true), '') <> 'on' THEN
      RAISE EXCEPTION 'audit events are append-only (DELETE refused outside retention)';
    END IF;
    IF NOT EXISTS (
      SELECT 1 FROM "AuditCheckpoint" c
      WHERE c."tenantId" = OLD."tenantId" AND c."kind" = 'retention' AND c."seq" >= OLD."seq"
    ) THEN
      RAISE EXCEPTION 'audit retention may only delete below a retention checkpoint';
    END IF;
    RETURN OLD;
  ELSIF TG_OP = 'TRUNCATE' THEN
    RAISE EXCEPTION 'audit events are append-only (TRUNCATE refused)';
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

-- Checkpoints and the head: never rewritten, whoever asks.
CREATE FUNCTION audit_sealed_guard() RETURNS trigger AS $$
BEGIN
  IF TG_TABLE_NAME = 'AuditHead' AND TG_OP = 'UPDATE' AND current_setting('portcullis.audit_head', true) = 'advance' THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION '% of "%" refused: audit checkpoints and heads are written by the audit functions only', TG_OP, TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_checkpoint_sealed BEFORE UPDATE OR DELETE ON "AuditCheckpoint" FOR EACH ROW EXECUTE FUNCTION audit_sealed_guard();
CREATE TRIGGER audit_checkpoint_no_truncate BEFORE TRUNCATE ON "AuditCheckpoint" FOR EACH STATEMENT EXECUTE FUNCTION audit_sealed_guard();
CREATE TRIGGER audit_head_sealed BEFORE UPDATE OR DELETE ON "AuditHead" FOR EACH ROW EXECUTE FUNCTION audit_sealed_guard();
CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON "AuditHead" FOR EACH STATEMENT EXECUTE FUNCTION audit_sealed_guard();

-- The tenant's head, locked until the caller's transaction ends (created at the genesis on first
-- use): the appender reads it, seals events onto it and inserts them.
CREATE FUNCTION audit_lock_head(p_tenant uuid) RETURNS TABLE ("seq" bigint, "hash" text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  INSERT INTO "AuditHead" ("tenantId", "seq", "hash") VALUES (p_tenant, 0, repeat('0', 64)) ON CONFLICT DO NOTHING;
  RETURN QUERY SELECT h."seq", h."hash"::text FROM "AuditHead" h WHERE h."tenantId" = p_tenant FOR UPDATE;
END;
$$;

-- Inserted events must extend their tenant's chain exactly (next seq, linked to the head's hash
-- and to each other); the head then moves to the last of them. Runs as the owner, once per
-- INSERT statement, so the application never writes the head itself.
CREATE FUNCTION audit_advance_head() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public SET portcullis.audit_head = 'advance' AS $$
DECLARE
  t record;
  h record;
BEGIN
  FOR t IN SELECT n."tenantId", min(n."seq") AS lo, max(n."seq") AS hi, count(*) AS cnt FROM new_events n GROUP BY n."tenantId" LOOP
    INSERT INTO "AuditHead" ("tenantId", "seq", "hash") VALUES (t."tenantId", 0, repeat('0', 64)) ON CONFLICT DO NOTHING;
    SELECT a."seq", a."hash" INTO h FROM "AuditHead" a WHERE a."tenantId" = t."tenantId" FOR UPDATE;
    IF t.lo <> h."seq" + 1 OR t.hi - t.lo + 1 <> t.cnt THEN
      RAISE EXCEPTION 'audit events must extend the chain: tenant % is at seq %, the insert has seq % to % (% rows)', t."tenantId", h."seq", t.lo, t.hi, t.cnt;
    END IF;
    -- Each row's prevHash is the hash of the row before it (the head's, for the first): one
    -- sort of the inserted rows, no join.
    IF EXISTS (
      SELECT 1 FROM (
        SELECT n."prevHash", lag(n."hash") OVER (ORDER BY n."seq") AS before FROM new_events n WHERE n."tenantId" = t."tenantId"
      ) x WHERE x."prevHash" IS DISTINCT FROM coalesce(x.before, h."hash")
    ) THEN
      RAISE EXCEPTION 'audit events must link to the hash before them (tenant %, from seq %)', t."tenantId", t.lo;
    END IF;
    UPDATE "AuditHead" a SET "seq" = t.hi, "hash" = (SELECT n."hash" FROM new_events n WHERE n."tenantId" = t."tenantId" AND n."seq" = t.hi)
    WHERE a."tenantId" = t."tenantId";
  END LOOP;
  RETURN NULL;
END;
$$;
CREATE TRIGGER audit_event_advance_head AFTER INSERT ON "AuditEvent" REFERENCING NEW TABLE AS new_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_advance_head();

-- A signed head checkpoint, stored only if it names an event that is in the chain with that hash.
CREATE FUNCTION audit_write_checkpoint(p_tenant uuid, p_seq bigint, p_head_hash text, p_time timestamptz, p_jws text) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  written integer;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM "AuditEvent" e WHERE e."tenantId" = p_tenant AND e."seq" = p_seq AND e."hash" = p_head_hash) THEN
    RAISE EXCEPTION 'audit checkpoint refused: tenant % has no event at seq % with that hash', p_tenant, p_seq;
  END IF;
  INSERT INTO "AuditCheckpoint" ("id", "tenantId", "seq", "headHash", "time", "jws", "kind")
  VALUES (gen_random_uuid(), p_tenant, p_seq, p_head_hash, p_time, p_jws, 'head') ON CONFLICT DO NOTHING;
  GET DIAGNOSTICS written = ROW_COUNT;
  RETURN written = 1;
END;
$$;

-- Retention: removes a tenant's events up to p_through, only if every one of them is older than
-- the tenant's retention period and a signed head checkpoint anchors p_through; stores the
-- signed retention checkpoint (p_jws) that says so. Returns the number of events removed.
CREATE FUNCTION audit_apply_retention(p_tenant uuid, p_through bigint, p_time timestamptz, p_jws text) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public SET portcullis.audit_retention = 'on' AS $$
DECLARE
  cutoff timestamptz;
  anchor text;
  removed bigint;
BEGIN
  SELECT now() - make_interval(days => t."auditRetentionDays") INTO cutoff FROM "Tenant" t WHERE t."id" = p_tenant;
  IF cutoff IS NULL THEN
    RAISE EXCEPTION 'audit retention refused: no tenant %', p_tenant;
  END IF;
  SELECT c."headHash" INTO anchor FROM "AuditCheckpoint" c WHERE c."tenantId" = p_tenant AND c."kind" = 'head' AND c."seq" = p_through;
  IF anchor IS NULL THEN
    RAISE EXCEPTION 'audit retention refused: no signed checkpoint at seq % of tenant %', p_through, p_tenant;
  END IF;
  IF EXISTS (SELECT 1 FROM "AuditEvent" e WHERE e."tenantId" = p_tenant AND e."seq" <= p_through AND e."time" >= cutoff) THEN
    RAISE EXCEPTION 'audit retention refused: events up to seq % are not all older than %', p_through, cutoff;
  END IF;
  INSERT INTO "AuditCheckpoint" ("id", "tenantId", "seq", "headHash", "time", "jws", "kind")
  VALUES (gen_random_uuid(), p_tenant, p_through, anchor, p_time, p_jws, 'retention') ON CONFLICT DO NOTHING;
  DELETE FROM "AuditEvent" e WHERE e."tenantId" = p_tenant AND e."seq" <= p_through;
  GET DIAGNOSTICS removed = ROW_COUNT;
  RETURN removed;
END;
$$;

REVOKE ALL ON FUNCTION audit_lock_head(uuid), audit_write_checkpoint(uuid, bigint, text, timestamptz, text),
  audit_apply_retention(uuid, bigint, timestamptz, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_lock_head(uuid), audit_write_checkpoint(uuid, bigint, text, timestamptz, text),
  audit_apply_retention(uuid, bigint, timestamptz, text) TO portcullis_app;

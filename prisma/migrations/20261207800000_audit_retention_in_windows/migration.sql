-- Retention in windows of seq. The one-statement version removed a tenant's whole past in one
-- DELETE: on the embedded database, whose one session every request shares, that statement held up
-- every tenant's requests for as long as it ran. One call now removes the events of one window,
-- (p_after, p_upto], of the cut through the signed head checkpoint at p_through; the caller
-- commits each window on its own and yields between them. Every call checks again, for its
-- window, what the one-statement version checked: a signed head checkpoint at p_through, and that
-- every event it removes is past the tenant's retention. The retention checkpoint is written by
-- the first window (and kept by the others), so that a verification running between two windows
-- starts after it instead of reading a removed start as a deletion.
DROP FUNCTION audit_apply_retention(uuid, bigint, timestamptz, text);

CREATE FUNCTION audit_apply_retention(
  p_tenant uuid, p_through bigint, p_time timestamptz, p_jws text, p_after bigint, p_upto bigint
) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public SET portcullis.audit_retention = 'on' AS $$
DECLARE
  cutoff timestamptz;
  anchor text;
  removed bigint;
BEGIN
  IF p_after IS NULL OR p_upto IS NULL OR p_after >= p_upto OR p_upto > p_through THEN
    RAISE EXCEPTION 'audit retention refused: window (%, %] is not within seq %', p_after, p_upto, p_through;
  END IF;
  SELECT now() - make_interval(days => t."auditRetentionDays") INTO cutoff FROM "Tenant" t WHERE t."id" = p_tenant;
  IF cutoff IS NULL THEN
    RAISE EXCEPTION 'audit retention refused: no tenant %', p_tenant;
  END IF;
  SELECT c."headHash" INTO anchor FROM "AuditCheckpoint" c WHERE c."tenantId" = p_tenant AND c."kind" = 'head' AND c."seq" = p_through;
  IF anchor IS NULL THEN
    RAISE EXCEPTION 'audit retention refused: no signed checkpoint at seq % of tenant %', p_through, p_tenant;
  END IF;
  IF EXISTS (
    SELECT 1 FROM "AuditEvent" e
    WHERE e."tenantId" = p_tenant AND e."seq" > p_after AND e."seq" <= p_upto AND e."time" >= cutoff
  ) THEN
    RAISE EXCEPTION 'audit retention refused: events up to seq % are not all older than %', p_upto, cutoff;
  END IF;
  INSERT INTO "AuditCheckpoint" ("id", "tenantId", "seq", "headHash", "time", "jws", "kind")
  VALUES (gen_random_uuid(), p_tenant, p_through, anchor, p_time, p_jws, 'retention') ON CONFLICT DO NOTHING;
  DELETE FROM "AuditEvent" e WHERE e."tenantId" = p_tenant AND e."seq" > p_after AND e."seq" <= p_upto;
  GET DIAGNOSTICS removed = ROW_COUNT;
  RETURN removed;
END;
$$;

REVOKE ALL ON FUNCTION audit_apply_retention(uuid, bigint, timestamptz, text, bigint, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_apply_retention(uuid, bigint, timestamptz, text, bigint, bigint) TO portcullis_app;

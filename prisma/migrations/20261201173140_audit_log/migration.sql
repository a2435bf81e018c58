-- CreateTable
CREATE TABLE "AuditLogEntry" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "action" TEXT NOT NULL,
    "actorType" TEXT NOT NULL,
    "actorUserId" TEXT,
    "actorName" TEXT,
    "actorEmail" TEXT,
    "tokenId" TEXT,
    "tokenName" TEXT,
    "objectType" TEXT NOT NULL,
    "objectId" TEXT,
    "objectName" TEXT,
    "path" TEXT NOT NULL,
    "address" TEXT,
    "userAgent" TEXT,
    "details" JSONB,
    "dedupeKey" TEXT,

    CONSTRAINT "AuditLogEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AuditLogEntry_dedupeKey_key" ON "AuditLogEntry"("dedupeKey");

-- CreateIndex
CREATE INDEX "AuditLogEntry_workspaceId_createdAt_id_idx" ON "AuditLogEntry"("workspaceId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "AuditLogEntry_workspaceId_action_createdAt_idx" ON "AuditLogEntry"("workspaceId", "action", "createdAt");

-- CreateIndex
CREATE INDEX "AuditLogEntry_createdAt_idx" ON "AuditLogEntry"("createdAt");

-- Append-only, enforced by the database: every UPDATE, DELETE and TRUNCATE of the audit log is
-- refused, whoever sends it, except the retention sweep's DELETE. audit_log_sweep() sets a
-- transaction-local cutoff and deletes what is older; the trigger lets a DELETE through only for a
-- row older than that cutoff, and only when the cutoff is at least a day in the past, so that even
-- a session that sets the setting by hand cannot remove the recent past. (A superuser can drop the
-- trigger: this guards against the application's own statements, not against the database's owner.)
CREATE FUNCTION "audit_log_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  cutoff timestamptz;
BEGIN
  IF TG_OP = 'DELETE' THEN
    cutoff := nullif(current_setting('platform.audit_sweep_before', true), '')::timestamptz;
    IF cutoff IS NOT NULL AND cutoff <= now() - interval '1 day' AND OLD."createdAt" < cutoff THEN
      RETURN OLD;
    END IF;
  END IF;
  RAISE EXCEPTION 'The audit log is append-only: % of "AuditLogEntry" rows is refused.', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER "AuditLogEntry_append_only"
  BEFORE UPDATE OR DELETE ON "AuditLogEntry"
  FOR EACH ROW EXECUTE FUNCTION "audit_log_refuse_change"();

CREATE TRIGGER "AuditLogEntry_no_truncate"
  BEFORE TRUNCATE ON "AuditLogEntry"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_log_refuse_change"();

-- The retention sweep: deletes the entries older than `retention_days` (at least 1) and answers
-- how many. The Console calls it periodically (lib/server/audit/sweeper.ts), never per request.
CREATE FUNCTION "audit_log_sweep"(retention_days integer) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  cutoff timestamptz;
  removed integer;
BEGIN
  IF retention_days IS NULL OR retention_days < 1 THEN
    RAISE EXCEPTION 'The audit log retention must be at least 1 day (got %).', retention_days;
  END IF;
  cutoff := now() - make_interval(days => retention_days);
  PERFORM set_config('platform.audit_sweep_before', cutoff::text, true);
  DELETE FROM "AuditLogEntry" WHERE "createdAt" < cutoff;
  GET DIAGNOSTICS removed = ROW_COUNT;
  PERFORM set_config('platform.audit_sweep_before', '', true);
  RETURN removed;
END
$$;

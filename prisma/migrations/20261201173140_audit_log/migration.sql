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
-- transaction-local cutoff and deletes what is older, and the trigger lets a DELETE through only for
-- a row older than that cutoff, and only when the cutoff is at least a day in the past, so that even
-- a session that sets the setting by hand cannot remove the recent past. (A superuser can drop the
-- trigger: this guards against the application's own statements, not against the database's owner.)
--
-- The PL/pgSQL bodies are U&'...' literals with \003B for each semicolon: on PostgreSQL, the
-- migration tool (prisma/schema-engine.mjs through @prisma/adapter-pg, whose executeScript splits a
-- script at every semicolon) would otherwise cut a $$-quoted body apart. Prisma's native engine
-- reads the same text.
CREATE FUNCTION "audit_log_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS U&'
DECLARE
  cutoff timestamptz\003B
BEGIN
  IF TG_OP = ''DELETE'' THEN
    cutoff := nullif(current_setting(''platform.audit_sweep_before'', true), '''')::timestamptz\003B
    IF cutoff IS NOT NULL AND cutoff <= now() - interval ''1 day'' AND OLD."createdAt" < cutoff THEN
      RETURN OLD\003B
    END IF\003B
  END IF\003B
  RAISE EXCEPTION ''The audit log is append-only: % of "AuditLogEntry" rows is refused.'', TG_OP
    USING ERRCODE = ''insufficient_privilege''\003B
END
';

CREATE TRIGGER "AuditLogEntry_append_only"
  BEFORE UPDATE OR DELETE ON "AuditLogEntry"
  FOR EACH ROW EXECUTE FUNCTION "audit_log_refuse_change"();

CREATE TRIGGER "AuditLogEntry_no_truncate"
  BEFORE TRUNCATE ON "AuditLogEntry"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_log_refuse_change"();

-- The retention sweep: deletes the entries older than retention_days (at least 1) and answers how
-- many. The Console calls it periodically (lib/server/audit/sweeper.ts), never per request.
CREATE FUNCTION "audit_log_sweep"(retention_days integer) RETURNS integer LANGUAGE plpgsql AS U&'
DECLARE
  cutoff timestamptz\003B
  removed integer\003B
BEGIN
  IF retention_days IS NULL OR retention_days < 1 THEN
    RAISE EXCEPTION ''The audit log retention must be at least 1 day (got %).'', retention_days\003B
  END IF\003B
  cutoff := now() - make_interval(days => retention_days)\003B
  PERFORM set_config(''platform.audit_sweep_before'', cutoff::text, true)\003B
  DELETE FROM "AuditLogEntry" WHERE "createdAt" < cutoff\003B
  GET DIAGNOSTICS removed = ROW_COUNT\003B
  PERFORM set_config(''platform.audit_sweep_before'', '''', true)\003B
  RETURN removed\003B
END
';

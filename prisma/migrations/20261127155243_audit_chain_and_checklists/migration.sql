-- CreateEnum
CREATE TYPE "ChecklistKind" AS ENUM ('pre_scaling', 'implementation', 'post_scaling');

-- CreateEnum
CREATE TYPE "ChecklistStatus" AS ENUM ('open', 'signed');

-- CreateEnum
CREATE TYPE "DrillKind" AS ENUM ('promotion', 'replica_failure');

-- AlterTable (nullable first: existing entries are chained below, then the columns become NOT NULL)
ALTER TABLE "audit_entry" ADD COLUMN     "hash" TEXT,
ADD COLUMN     "prevHash" TEXT,
ADD COLUMN     "seq" BIGINT;

-- CreateTable
CREATE TABLE "scaling_event" (
    "id" UUID NOT NULL,
    "reason" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "openedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "openedByUserId" TEXT NOT NULL,
    "openedByEmail" TEXT NOT NULL,
    "details" JSONB,

    CONSTRAINT "scaling_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "checklist_run" (
    "id" UUID NOT NULL,
    "eventId" UUID NOT NULL,
    "kind" "ChecklistKind" NOT NULL,
    "revision" INTEGER NOT NULL,
    "status" "ChecklistStatus" NOT NULL DEFAULT 'open',
    "openedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "openedByEmail" TEXT NOT NULL,
    "reopenReason" TEXT,
    "signedAt" TIMESTAMPTZ(3),
    "signedByUserId" TEXT,
    "signedByEmail" TEXT,
    "evidence" JSONB,
    "evidenceDigest" TEXT,
    "signAuditId" UUID,

    CONSTRAINT "checklist_run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "checklist_item" (
    "id" UUID NOT NULL,
    "runId" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "done" BOOLEAN NOT NULL DEFAULT false,
    "doneAt" TIMESTAMPTZ(3),
    "doneByEmail" TEXT,
    "note" TEXT,
    "link" TEXT,
    "metrics" JSONB,
    "verification" JSONB,

    CONSTRAINT "checklist_item_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "drill" (
    "id" UUID NOT NULL,
    "kind" "DrillKind" NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "succeeded" BOOLEAN NOT NULL,
    "summary" TEXT NOT NULL,
    "recordedByEmail" TEXT NOT NULL,
    "details" JSONB,

    CONSTRAINT "drill_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "load_test_result" (
    "id" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "name" TEXT NOT NULL,
    "requestsPerSecond" DOUBLE PRECISION NOT NULL,
    "p95Seconds" DOUBLE PRECISION NOT NULL,
    "errorRatio" DOUBLE PRECISION NOT NULL,
    "durationSeconds" INTEGER NOT NULL,
    "notes" TEXT,
    "recordedByEmail" TEXT NOT NULL,

    CONSTRAINT "load_test_result_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "scaling_event_openedAt_id_idx" ON "scaling_event"("openedAt" DESC, "id" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "checklist_run_eventId_kind_revision_key" ON "checklist_run"("eventId", "kind", "revision");

-- CreateIndex
CREATE UNIQUE INDEX "checklist_item_runId_key_key" ON "checklist_item"("runId", "key");

-- CreateIndex
CREATE INDEX "drill_at_idx" ON "drill"("at");

-- CreateIndex
CREATE INDEX "load_test_result_at_idx" ON "load_test_result"("at");

-- CreateIndex
CREATE UNIQUE INDEX "audit_entry_seq_key" ON "audit_entry"("seq");

-- CreateIndex
CREATE INDEX "audit_entry_actorEmail_seq_idx" ON "audit_entry"("actorEmail", "seq");

-- CreateIndex
CREATE INDEX "audit_entry_tenantId_seq_idx" ON "audit_entry"("tenantId", "seq");

-- AddForeignKey
ALTER TABLE "checklist_run" ADD CONSTRAINT "checklist_run_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "scaling_event"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "checklist_item" ADD CONSTRAINT "checklist_item_runId_fkey" FOREIGN KEY ("runId") REFERENCES "checklist_run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- ---------------------------------------------------------------------------------------------
-- Audit chain (written by hand). Each entry's hash covers its fields and the previous entry's
-- hash, so changing, removing or inserting an entry anywhere breaks every link after it.
-- ---------------------------------------------------------------------------------------------

-- The canonical form an entry's hash covers: one jsonb object of all its fields (jsonb renders
-- keys in a fixed order whatever order they were given in), times in UTC with milliseconds.
CREATE FUNCTION audit_entry_canonical(entry audit_entry) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object(
    'seq', entry.seq,
    'id', entry.id,
    'at', to_char(entry.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'actorUserId', entry."actorUserId",
    'actorEmail', entry."actorEmail",
    'tenantId', entry."tenantId",
    'action', entry.action,
    'target', entry.target,
    'before', entry.before,
    'after', entry.after,
    'requestId', entry."requestId",
    'prevHash', entry."prevHash"
  )::text
$$;

CREATE FUNCTION audit_entry_hash(entry audit_entry) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT encode(sha256(convert_to(audit_entry_canonical(entry), 'UTF8')), 'hex')
$$;

-- Existing entries, oldest first, become the start of the chain.
DO $$
DECLARE
  entry audit_entry;
  previous text := repeat('0', 64);
  position bigint := 0;
BEGIN
  FOR entry IN SELECT * FROM audit_entry ORDER BY at, id LOOP
    position := position + 1;
    entry.seq := position;
    entry."prevHash" := previous;
    entry.hash := audit_entry_hash(entry);
    UPDATE audit_entry SET seq = entry.seq, "prevHash" = entry."prevHash", hash = entry.hash WHERE id = entry.id;
    previous := entry.hash;
  END LOOP;
END $$;

ALTER TABLE "audit_entry" ALTER COLUMN "hash" SET NOT NULL, ALTER COLUMN "prevHash" SET NOT NULL, ALTER COLUMN "seq" SET NOT NULL;

-- Appends are serialised: the advisory lock is held until the inserting transaction ends, and
-- the last entry is read after taking it (READ COMMITTED gives this statement a fresh snapshot),
-- so every entry links to the one committed just before it. A caller in REPEATABLE READ could
-- read a stale head; the unique index on seq then refuses the insert instead of forking the chain.
CREATE FUNCTION audit_entry_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  head_seq bigint;
  head_hash text;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('audit_entry_chain'));
  SELECT seq, hash INTO head_seq, head_hash FROM audit_entry ORDER BY seq DESC LIMIT 1;
  NEW.seq := coalesce(head_seq, 0) + 1;
  NEW."prevHash" := coalesce(head_hash, repeat('0', 64));
  NEW.hash := audit_entry_hash(NEW);
  RETURN NEW;
END $$;

CREATE TRIGGER audit_entry_chain BEFORE INSERT ON audit_entry FOR EACH ROW EXECUTE FUNCTION audit_entry_chain();

-- Append-only: the database itself refuses to change or remove an entry, whoever asks.
CREATE FUNCTION audit_entry_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_entry is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry FOR EACH ROW EXECUTE FUNCTION audit_entry_refuse_change();
CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_refuse_change();

-- ---------------------------------------------------------------------------------------------
-- Signed checklists are read-only (written by hand): a signed revision and its items cannot be
-- changed or removed; re-opening adds a new revision instead.
-- ---------------------------------------------------------------------------------------------

CREATE FUNCTION checklist_run_refuse_signed_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'signed' THEN
    RAISE EXCEPTION 'checklist run % is signed and read-only', OLD.id USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;

CREATE TRIGGER checklist_run_signed_read_only BEFORE UPDATE OR DELETE ON checklist_run FOR EACH ROW EXECUTE FUNCTION checklist_run_refuse_signed_change();

CREATE FUNCTION checklist_item_refuse_signed_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM checklist_run WHERE id = OLD."runId" AND status = 'signed') THEN
    RAISE EXCEPTION 'checklist item % belongs to a signed run and is read-only', OLD.id USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;

CREATE TRIGGER checklist_item_signed_read_only BEFORE UPDATE OR DELETE ON checklist_item FOR EACH ROW EXECUTE FUNCTION checklist_item_refuse_signed_change();

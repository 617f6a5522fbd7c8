-- CreateTable
CREATE TABLE "audit_checkpoint" (
    "seq" BIGINT NOT NULL,
    "hash" TEXT NOT NULL,
    "signature" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_checkpoint_pkey" PRIMARY KEY ("seq")
);

-- ---------------------------------------------------------------------------------------------
-- Written by hand. Checkpoints are append-only like the log they vouch for: the database refuses
-- to change or remove one, whoever asks. (The app role has no UPDATE, DELETE or TRUNCATE on
-- either table in the first place: lib/db/role-grants.ts.)
-- ---------------------------------------------------------------------------------------------

CREATE FUNCTION audit_checkpoint_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_checkpoint is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER audit_checkpoint_append_only BEFORE UPDATE OR DELETE ON audit_checkpoint FOR EACH ROW EXECUTE FUNCTION audit_checkpoint_refuse_change();
CREATE TRIGGER audit_checkpoint_no_truncate BEFORE TRUNCATE ON audit_checkpoint FOR EACH STATEMENT EXECUTE FUNCTION audit_checkpoint_refuse_change();

-- The trigger that chains entries resolves names through a fixed search_path instead of the
-- inserting session's, with pg_temp last: a session cannot shadow audit_entry (a temporary table)
-- or audit_entry_hash (a function in a schema of its own) for the entries it appends. Only the
-- trigger: pinning the SQL functions it calls would stop PostgreSQL inlining them, and verify,
-- which calls audit_entry_hash once per entry, got 5 times slower.
ALTER FUNCTION audit_entry_chain() SET search_path = pg_catalog, public, pg_temp;
ALTER FUNCTION audit_entry_refuse_change() SET search_path = pg_catalog, public, pg_temp;
ALTER FUNCTION audit_checkpoint_refuse_change() SET search_path = pg_catalog, public, pg_temp;

import type { Migration } from "./migration.js";

/**
 * Append-only guards. UPDATE of an event is always refused; DELETE and TRUNCATE only pass inside
 * the retention transaction, which sets the transaction-local `idv_graph.retention` to 'on'.
 * These stop mistakes and ordinary roles, not an attacker: the table's owner or a superuser can
 * set that setting, disable triggers or rewrite rows. What makes such edits evident is the hash
 * chain (audit-chain.ts), checked by `npm run audit:verify`. On a server, grant the gateway's role
 * only what it needs and keep ownership elsewhere when that matters.
 */
export const migration002: Migration = {
  version: 2,
  name: "append_only",
  sql: `
CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  retention boolean := coalesce(current_setting('idv_graph.retention', true), '') = 'on';
BEGIN
  IF TG_TABLE_NAME = 'audit_events' THEN
    IF TG_OP = 'UPDATE' OR NOT retention THEN
      RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
    END IF;
  ELSIF TG_OP <> 'UPDATE' OR NOT retention THEN
    RAISE EXCEPTION 'audit_checkpoint moves only with retention: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_events_no_delete BEFORE DELETE OR TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_checkpoint_guard BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON audit_checkpoint
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

REVOKE UPDATE, DELETE, TRUNCATE ON audit_events, audit_checkpoint FROM PUBLIC;
`,
};

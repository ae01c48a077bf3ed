import type { Migration } from "./migration.js";

/** The events and the retention checkpoint (the chain's start once old events are gone). */
export const migration001: Migration = {
  version: 1,
  name: "audit_events",
  sql: `
CREATE TABLE audit_events (
  seq bigint PRIMARY KEY,
  at timestamptz NOT NULL,
  caller text,
  issuer text,
  transport text NOT NULL,
  operation_name text,
  request_id text NOT NULL,
  trace_id text,
  session_id text,
  coordinates text[] NOT NULL,
  refused text[] NOT NULL,
  media_ids text[] NOT NULL,
  masked boolean NOT NULL,
  purpose text,
  outcome text NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL
);
CREATE INDEX audit_events_session_seq ON audit_events (session_id, seq);
CREATE INDEX audit_events_caller_seq ON audit_events (caller, seq);
CREATE INDEX audit_events_at ON audit_events (at);

-- One row: the last event retention removed (seq 0 and the genesis hash until then).
CREATE TABLE audit_checkpoint (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  seq bigint NOT NULL,
  hash text NOT NULL
);
INSERT INTO audit_checkpoint (id, seq, hash) VALUES (true, 0, repeat('0', 64));
`,
};

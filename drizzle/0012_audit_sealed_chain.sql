-- Audit events are written without a lock and chained after their transaction commits
-- (docs/adr/0016-audit-chained-after-commit.md). The chain moves from the events' own
-- prev_hash/hash columns to the insert-only table audit_chain; existing links are copied as they are,
-- so a chain made before this migration still verifies.
CREATE TABLE "audit_chain" (
	"chain_seq" bigint PRIMARY KEY NOT NULL,
	"event_seq" bigint NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	"sealed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "audit_chain_event_uq" UNIQUE("event_seq")
);
--> statement-breakpoint
CREATE TABLE "audit_seal_state" (
	"id" integer PRIMARY KEY NOT NULL,
	"scan_from" "xid8" NOT NULL,
	CONSTRAINT "audit_seal_state_one_row" CHECK ("audit_seal_state"."id" = 1)
);
--> statement-breakpoint
ALTER TABLE "audit_events" ALTER COLUMN "seq" SET DEFAULT nextval('audit_events_seq');--> statement-breakpoint
ALTER TABLE "audit_events" ALTER COLUMN "prev_hash" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_events" ALTER COLUMN "hash" DROP NOT NULL;--> statement-breakpoint
-- Added without a default first, so that events chained before this migration keep a null tx_id
-- (a volatile default would stamp them all with this migration's transaction).
ALTER TABLE "audit_events" ADD COLUMN "tx_id" "xid8";--> statement-breakpoint
ALTER TABLE "audit_events" ALTER COLUMN "tx_id" SET DEFAULT pg_current_xact_id();--> statement-breakpoint
CREATE INDEX "audit_tx_idx" ON "audit_events" USING btree ("tx_id");--> statement-breakpoint
DROP TRIGGER "ytcs_audit_chain" ON "audit_events";--> statement-breakpoint
DROP FUNCTION ytcs_audit_chain();--> statement-breakpoint
INSERT INTO "audit_chain" ("chain_seq", "event_seq", "prev_hash", "hash")
  SELECT "seq", "seq", "prev_hash", "hash" FROM "audit_events" ORDER BY "seq";--> statement-breakpoint
INSERT INTO "audit_seal_state" ("id", "scan_from") VALUES (1, '0');--> statement-breakpoint
CREATE TRIGGER ytcs_audit_chain_no_update BEFORE UPDATE OR DELETE ON audit_chain FOR EACH ROW EXECUTE FUNCTION ytcs_audit_append_only();--> statement-breakpoint
CREATE TRIGGER ytcs_audit_chain_no_truncate BEFORE TRUNCATE ON audit_chain FOR EACH STATEMENT EXECUTE FUNCTION ytcs_audit_append_only();--> statement-breakpoint
CREATE TRIGGER ytcs_audit_seal_state_no_delete BEFORE DELETE ON audit_seal_state FOR EACH ROW EXECUTE FUNCTION ytcs_audit_append_only();--> statement-breakpoint
-- The hash of one audit event given the previous link's hash: SHA-256 over the previous hash and the
-- event's fields as jsonb text. The same bytes as the former one-argument function, which read the
-- previous hash from the event itself.
CREATE FUNCTION ytcs_audit_hash(e audit_events, prev_hash text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT encode(sha256(convert_to(prev_hash || '|' || jsonb_build_object(
    'seq', e.seq, 'id', e.id,
    'at', (extract(epoch FROM e.occurred_at) * 1000000)::bigint,
    'actorId', e.actor_id, 'actorUsername', e.actor_username, 'actorRole', e.actor_role,
    'action', e.action, 'entityType', e.entity_type, 'entityId', e.entity_id,
    'unitPath', e.unit_path::text, 'outcome', e.outcome, 'ip', e.ip, 'userAgent', e.user_agent,
    'requestId', e.request_id, 'details', e.details)::text, 'UTF8')), 'hex')
$$;--> statement-breakpoint
-- Seals the events of committed transactions: appends one link per event to audit_chain, in event
-- order within a batch, and returns how many. One sealer at a time: a second returns 0 at once, or,
-- with `wait` (a verification, which must see every committed event chained), waits its turn.
-- Which events can still appear: those of transactions not finished when this seal began, whose ids
-- are all at or above the horizon kept in audit_seal_state (the oldest such transaction of this
-- database, or the snapshot's xmax), so the next scan starts there and never misses one.
CREATE FUNCTION ytcs_audit_seal(max_events integer DEFAULT 5000, wait boolean DEFAULT false) RETURNS integer
  LANGUAGE plpgsql AS $$
DECLARE
  snap pg_snapshot;
  scan xid8;
  horizon xid8;
  pos bigint;
  prev text;
  next_hash text;
  e audit_events;
  n integer := 0;
BEGIN
  IF wait THEN
    PERFORM pg_advisory_xact_lock(722601);
  ELSIF NOT pg_try_advisory_xact_lock(722601) THEN
    RETURN 0;
  END IF;
  -- Taken before the events are read (each statement below has a later snapshot): a transaction
  -- that had not finished by now is in this snapshot's in-progress list or at/above its xmax.
  snap := pg_current_snapshot();
  SELECT s.scan_from INTO scan FROM audit_seal_state s WHERE s.id = 1;
  SELECT c.chain_seq, c.hash INTO pos, prev FROM audit_chain c ORDER BY c.chain_seq DESC LIMIT 1;
  pos := coalesce(pos, 0);
  prev := coalesce(prev, repeat('0', 64));
  FOR e IN
    SELECT a.* FROM audit_events a
    WHERE a.tx_id >= scan AND NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.event_seq = a.seq)
    ORDER BY a.seq
    LIMIT max_events
  LOOP
    pos := pos + 1;
    next_hash := ytcs_audit_hash(e, prev);
    INSERT INTO audit_chain (chain_seq, event_seq, prev_hash, hash) VALUES (pos, e.seq, prev, next_hash);
    prev := next_hash;
    n := n + 1;
  END LOOP;
  IF n < max_events THEN
    -- Transactions of other databases (they cannot write here) do not hold the horizon back.
    SELECT min(h.x) INTO horizon FROM (
      SELECT pg_snapshot_xmax(snap) AS x
      UNION ALL
      SELECT r.x FROM pg_snapshot_xip(snap) AS r(x)
      WHERE NOT EXISTS (SELECT 1 FROM pg_stat_activity s
        WHERE s.backend_xid::text = r.x::text AND s.datname IS DISTINCT FROM current_database())
    ) h;
    UPDATE audit_seal_state SET scan_from = horizon WHERE id = 1 AND scan_from < horizon;
  END IF;
  RETURN n;
END $$;
DROP INDEX "audit_tx_idx";--> statement-breakpoint
CREATE INDEX "audit_tx_seq_idx" ON "audit_events" USING btree ("tx_id","seq");--> statement-breakpoint
-- The sealer (docs/adr/0016) again, cheaper per event and independent of the log's size.
-- 1. Its scan "events from the horizon on that have no link yet" read the whole log: without
--    statistics on tx_id (a log that grows between ANALYZEs), or with a generic plan, the planner
--    expected a third of the log from the horizon and chose a hash anti-join over all of audit_chain
--    (133 ms a seal at 230,000 events, growing with the log). The scan now follows the (tx_id, seq)
--    index above from the horizon, in that order, with a LIMIT, probing audit_chain_event_uq for each
--    event: the function's settings leave the planner no other plan. Events are chained in
--    transaction, then event order (verification follows the chain, whatever its order).
-- 2. Each event's content (the jsonb text that is hashed) is computed in that one query; the loop does
--    only the chaining (each hash needs the previous), and the links are inserted in one statement.
-- The bytes hashed are the same as before: ytcs_audit_hash is now written with ytcs_audit_content.
CREATE FUNCTION ytcs_audit_content(e audit_events) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT jsonb_build_object(
    'seq', e.seq, 'id', e.id,
    'at', (extract(epoch FROM e.occurred_at) * 1000000)::bigint,
    'actorId', e.actor_id, 'actorUsername', e.actor_username, 'actorRole', e.actor_role,
    'action', e.action, 'entityType', e.entity_type, 'entityId', e.entity_id,
    'unitPath', e.unit_path::text, 'outcome', e.outcome, 'ip', e.ip, 'userAgent', e.user_agent,
    'requestId', e.request_id, 'details', e.details)::text
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION ytcs_audit_hash(e audit_events, prev_hash text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT encode(sha256(convert_to(prev_hash || '|' || ytcs_audit_content(e), 'UTF8')), 'hex')
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION ytcs_audit_seal(max_events integer DEFAULT 5000, wait boolean DEFAULT false) RETURNS integer
  LANGUAGE plpgsql
  -- The plan of the scan below, whatever the estimates: the index in order, a probe per event, a stop
  -- after one batch (see 1. above). Nothing else here reads more than a row or two.
  SET enable_seqscan = off SET enable_bitmapscan = off SET enable_sort = off
  SET enable_hashjoin = off SET enable_mergejoin = off
  AS $$
DECLARE
  snap pg_snapshot;
  scan xid8;
  horizon xid8;
  pos bigint;
  prev text;
  e record;
  seqs bigint[] := '{}';
  prevs text[] := '{}';
  hashes text[] := '{}';
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
    SELECT a.seq, ytcs_audit_content(a) AS content FROM audit_events a
    WHERE a.tx_id >= scan AND NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.event_seq = a.seq)
    ORDER BY a.tx_id, a.seq
    LIMIT max_events
  LOOP
    n := n + 1;
    seqs[n] := e.seq;
    prevs[n] := prev;
    prev := encode(sha256(convert_to(prev || '|' || e.content, 'UTF8')), 'hex');
    hashes[n] := prev;
  END LOOP;
  IF n > 0 THEN
    INSERT INTO audit_chain (chain_seq, event_seq, prev_hash, hash)
    SELECT pos + l.i, l.seq, l.prev_hash, l.hash
    FROM unnest(seqs, prevs, hashes) WITH ORDINALITY AS l(seq, prev_hash, hash, i);
  END IF;
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

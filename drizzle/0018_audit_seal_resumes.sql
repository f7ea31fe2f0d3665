DROP INDEX "audit_occurred_idx";--> statement-breakpoint
CREATE INDEX "audit_occurred_brin" ON "audit_events" USING brin ("occurred_at");--> statement-breakpoint
-- A backlog is sealed in one pass (docs/adr/0016). Each call scanned from the horizon, which only
-- moves once a call finds less than a batch: draining 550,000 events in batches of 5,000 probed the
-- events already chained by the calls before, again and again (99 µs of CPU an event). A call now
-- returns where its batch ended, and the next resumes after it (`after_tx`, `after_seq`); the last
-- call, from the horizon again, picks up what transactions committed meanwhile, then moves it.
DROP FUNCTION ytcs_audit_seal(integer, boolean);--> statement-breakpoint
CREATE FUNCTION ytcs_audit_seal(max_events integer DEFAULT 5000, wait boolean DEFAULT false,
  after_tx xid8 DEFAULT NULL, after_seq bigint DEFAULT NULL)
  RETURNS TABLE (sealed integer, last_tx xid8, last_seq bigint)
  LANGUAGE plpgsql
  -- The plan of the scan below, whatever the estimates: the index in order, a probe per event, a stop
  -- after one batch (migration 0017). Nothing else here reads more than a row or two.
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
  at_tx xid8;
  at_seq bigint;
  seqs bigint[] := '{}';
  prevs text[] := '{}';
  hashes text[] := '{}';
  n integer := 0;
BEGIN
  IF wait THEN
    PERFORM pg_advisory_xact_lock(722601);
  ELSIF NOT pg_try_advisory_xact_lock(722601) THEN
    RETURN QUERY SELECT 0, NULL::xid8, NULL::bigint;
    RETURN;
  END IF;
  -- Taken before the events are read (each statement below has a later snapshot): a transaction
  -- that had not finished by now is in this snapshot's in-progress list or at/above its xmax.
  snap := pg_current_snapshot();
  SELECT s.scan_from INTO scan FROM audit_seal_state s WHERE s.id = 1;
  SELECT c.chain_seq, c.hash INTO pos, prev FROM audit_chain c ORDER BY c.chain_seq DESC LIMIT 1;
  pos := coalesce(pos, 0);
  prev := coalesce(prev, repeat('0', 64));
  FOR e IN
    SELECT a.tx_id, a.seq, ytcs_audit_content(a) AS content FROM audit_events a
    WHERE a.tx_id >= scan AND (after_tx IS NULL OR (a.tx_id, a.seq) > (after_tx, after_seq))
      AND NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.event_seq = a.seq)
    ORDER BY a.tx_id, a.seq
    LIMIT max_events
  LOOP
    n := n + 1;
    seqs[n] := e.seq;
    prevs[n] := prev;
    prev := encode(sha256(convert_to(prev || '|' || e.content, 'UTF8')), 'hex');
    hashes[n] := prev;
    at_tx := e.tx_id;
    at_seq := e.seq;
  END LOOP;
  IF n > 0 THEN
    INSERT INTO audit_chain (chain_seq, event_seq, prev_hash, hash)
    SELECT pos + l.i, l.seq, l.prev_hash, l.hash
    FROM unnest(seqs, prevs, hashes) WITH ORDINALITY AS l(seq, prev_hash, hash, i);
  END IF;
  -- Only a pass from the horizon itself (no `after`) that found less than a batch has seen every event
  -- of the transactions finished by now, and may move the horizon.
  IF after_tx IS NULL AND n < max_events THEN
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
  RETURN QUERY SELECT n, at_tx, at_seq;
END $$;

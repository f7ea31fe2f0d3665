-- change_seq on update, for every table that clients sync.
CREATE TRIGGER ytcs_touch_change_seq BEFORE UPDATE ON admin_units FOR EACH ROW EXECUTE FUNCTION ytcs_touch_change_seq();--> statement-breakpoint
CREATE TRIGGER ytcs_touch_change_seq BEFORE UPDATE ON facilities FOR EACH ROW EXECUTE FUNCTION ytcs_touch_change_seq();--> statement-breakpoint
CREATE TRIGGER ytcs_touch_change_seq BEFORE UPDATE ON station_hamlets FOR EACH ROW EXECUTE FUNCTION ytcs_touch_change_seq();--> statement-breakpoint
CREATE TRIGGER ytcs_touch_change_seq BEFORE UPDATE ON staff_members FOR EACH ROW EXECUTE FUNCTION ytcs_touch_change_seq();--> statement-breakpoint
CREATE TRIGGER ytcs_touch_change_seq BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION ytcs_touch_change_seq();--> statement-breakpoint
-- Diacritic-insensitive unit search ("quang ninh" finds "Quảng Ninh").
CREATE INDEX admin_units_search_trgm ON admin_units USING gin (ytcs_search_key(full_name) gin_trgm_ops);--> statement-breakpoint
CREATE SEQUENCE audit_events_seq AS bigint;--> statement-breakpoint
-- The hash of one audit event: SHA-256 over the previous hash and the event's fields as jsonb text
-- (jsonb prints keys in a fixed order; the time is in epoch microseconds, independent of TimeZone).
CREATE OR REPLACE FUNCTION ytcs_audit_hash(e audit_events) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT encode(public.digest(e.prev_hash || '|' || jsonb_build_object(
    'seq', e.seq, 'id', e.id,
    'at', (extract(epoch FROM e.occurred_at) * 1000000)::bigint,
    'actorId', e.actor_id, 'actorUsername', e.actor_username, 'actorRole', e.actor_role,
    'action', e.action, 'entityType', e.entity_type, 'entityId', e.entity_id,
    'unitPath', e.unit_path::text, 'outcome', e.outcome, 'ip', e.ip, 'userAgent', e.user_agent,
    'requestId', e.request_id, 'details', e.details)::text, 'sha256'), 'hex')
$$;--> statement-breakpoint
-- Chains each new event to the last one. The advisory lock (held to commit) makes the chain order
-- the commit order, so concurrent writers never fork the chain.
CREATE OR REPLACE FUNCTION ytcs_audit_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  last_hash text;
BEGIN
  PERFORM pg_advisory_xact_lock(722601);
  SELECT hash INTO last_hash FROM audit_events ORDER BY seq DESC LIMIT 1;
  NEW.seq := nextval('audit_events_seq');
  NEW.prev_hash := coalesce(last_hash, repeat('0', 64));
  NEW.hash := ytcs_audit_hash(NEW);
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER ytcs_audit_chain BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION ytcs_audit_chain();--> statement-breakpoint
CREATE OR REPLACE FUNCTION ytcs_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;--> statement-breakpoint
CREATE TRIGGER ytcs_audit_no_update BEFORE UPDATE OR DELETE ON audit_events FOR EACH ROW EXECUTE FUNCTION ytcs_audit_append_only();--> statement-breakpoint
CREATE TRIGGER ytcs_audit_no_truncate BEFORE TRUNCATE ON audit_events FOR EACH STATEMENT EXECUTE FUNCTION ytcs_audit_append_only();

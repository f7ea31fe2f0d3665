-- The audit hash uses PostgreSQL's built-in sha256() (core since PostgreSQL 11) instead of
-- pgcrypto's digest(): the same bytes, so existing chains still verify, and one extension less on
-- the audit path (PGlite's pgcrypto was seen failing with "Cipher cannot be initialized").
CREATE OR REPLACE FUNCTION ytcs_audit_hash(e audit_events) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT encode(sha256(convert_to(e.prev_hash || '|' || jsonb_build_object(
    'seq', e.seq, 'id', e.id,
    'at', (extract(epoch FROM e.occurred_at) * 1000000)::bigint,
    'actorId', e.actor_id, 'actorUsername', e.actor_username, 'actorRole', e.actor_role,
    'action', e.action, 'entityType', e.entity_type, 'entityId', e.entity_id,
    'unitPath', e.unit_path::text, 'outcome', e.outcome, 'ip', e.ip, 'userAgent', e.user_agent,
    'requestId', e.request_id, 'details', e.details)::text, 'UTF8')), 'hex')
$$;

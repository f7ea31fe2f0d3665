-- The chain now lives in audit_chain (0012): the events' own hash columns and the one-argument hash
-- function that read them go.
DROP FUNCTION ytcs_audit_hash(audit_events);--> statement-breakpoint
ALTER TABLE "audit_events" DROP COLUMN "prev_hash";--> statement-breakpoint
ALTER TABLE "audit_events" DROP COLUMN "hash";
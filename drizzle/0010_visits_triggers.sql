-- Visits: change_seq on update for the synced tables; a visit and its versions are never deleted,
-- versions never changed (docs/adr/0012-visits-versions-and-payment-rules.md).
CREATE TRIGGER ytcs_touch_change_seq BEFORE UPDATE ON visits FOR EACH ROW EXECUTE FUNCTION ytcs_touch_change_seq();--> statement-breakpoint
CREATE TRIGGER ytcs_touch_change_seq BEFORE UPDATE ON catalogue_items FOR EACH ROW EXECUTE FUNCTION ytcs_touch_change_seq();--> statement-breakpoint
CREATE OR REPLACE FUNCTION ytcs_visits_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% rows are never % (a visit is corrected by a new version)', TG_TABLE_NAME,
    CASE TG_OP WHEN 'DELETE' THEN 'deleted' ELSE 'changed' END
    USING ERRCODE = 'insufficient_privilege';
END $$;--> statement-breakpoint
CREATE TRIGGER ytcs_visits_no_delete BEFORE DELETE ON visits FOR EACH ROW EXECUTE FUNCTION ytcs_visits_keep();--> statement-breakpoint
CREATE TRIGGER ytcs_visits_append_only BEFORE UPDATE OR DELETE ON visit_versions FOR EACH ROW EXECUTE FUNCTION ytcs_visits_keep();--> statement-breakpoint
-- Lists of finished visits by facility and month (register A1, claims) and counters by date.
CREATE INDEX visits_finished_facility_date_idx ON visits (facility_id, visit_date) WHERE status = 'finished';

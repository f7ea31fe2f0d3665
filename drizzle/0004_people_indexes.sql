-- People: change_seq on update for the synced tables, nothing ever deleted, append-only history,
-- and the diacritic-insensitive name search (docs/adr/0010-people-and-the-831-record.md).
CREATE TRIGGER ytcs_touch_change_seq BEFORE UPDATE ON households FOR EACH ROW EXECUTE FUNCTION ytcs_touch_change_seq();--> statement-breakpoint
CREATE TRIGGER ytcs_touch_change_seq BEFORE UPDATE ON residents FOR EACH ROW EXECUTE FUNCTION ytcs_touch_change_seq();--> statement-breakpoint
CREATE TRIGGER ytcs_touch_change_seq BEFORE UPDATE ON insurance_cards FOR EACH ROW EXECUTE FUNCTION ytcs_touch_change_seq();--> statement-breakpoint
CREATE TRIGGER ytcs_touch_change_seq BEFORE UPDATE ON health_records FOR EACH ROW EXECUTE FUNCTION ytcs_touch_change_seq();--> statement-breakpoint
CREATE TRIGGER ytcs_touch_change_seq BEFORE UPDATE ON resident_merges FOR EACH ROW EXECUTE FUNCTION ytcs_touch_change_seq();--> statement-breakpoint
-- A person's data is never hard-deleted: deaths, moves, transfers and merges change a status.
CREATE OR REPLACE FUNCTION ytcs_people_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% rows are never % (people data is kept; change the status instead)', TG_TABLE_NAME,
    CASE TG_OP WHEN 'DELETE' THEN 'deleted' ELSE 'changed' END
    USING ERRCODE = 'insufficient_privilege';
END $$;--> statement-breakpoint
CREATE TRIGGER ytcs_people_no_delete BEFORE DELETE ON households FOR EACH ROW EXECUTE FUNCTION ytcs_people_keep();--> statement-breakpoint
CREATE TRIGGER ytcs_people_no_delete BEFORE DELETE ON residents FOR EACH ROW EXECUTE FUNCTION ytcs_people_keep();--> statement-breakpoint
CREATE TRIGGER ytcs_people_no_delete BEFORE DELETE ON insurance_cards FOR EACH ROW EXECUTE FUNCTION ytcs_people_keep();--> statement-breakpoint
CREATE TRIGGER ytcs_people_no_delete BEFORE DELETE ON health_records FOR EACH ROW EXECUTE FUNCTION ytcs_people_keep();--> statement-breakpoint
CREATE TRIGGER ytcs_people_no_delete BEFORE DELETE ON resident_merges FOR EACH ROW EXECUTE FUNCTION ytcs_people_keep();--> statement-breakpoint
-- Life events and 831 record versions are history: neither changed nor deleted.
CREATE TRIGGER ytcs_people_append_only BEFORE UPDATE OR DELETE ON life_events FOR EACH ROW EXECUTE FUNCTION ytcs_people_keep();--> statement-breakpoint
CREATE TRIGGER ytcs_people_append_only BEFORE UPDATE OR DELETE ON health_record_versions FOR EACH ROW EXECUTE FUNCTION ytcs_people_keep();--> statement-breakpoint
-- Name search with or without diacritics ("nguyen van an" finds "Nguyễn Văn An"): trigram index on
-- the immutable search key, for LIKE '%…%' and similarity (%) alike.
CREATE INDEX residents_name_trgm ON residents USING gin (ytcs_search_key(full_name) gin_trgm_ops);

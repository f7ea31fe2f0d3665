CREATE TABLE "reference_data_stamp" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"stamp" bigint DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "resident_profiles" (
	"resident_id" uuid PRIMARY KEY NOT NULL,
	"stamp" bigint DEFAULT 0 NOT NULL,
	"as_of" date,
	"reference_stamp" bigint,
	"unit_path" "ltree",
	"body" text
);
--> statement-breakpoint
-- Rendered profiles (docs/adr/0019): what makes a stored rendering stale, kept by the database itself
-- so that no write path can forget it.
ALTER TABLE "reference_data_stamp" ADD CONSTRAINT "reference_data_stamp_one_row" CHECK ("id" = 1);--> statement-breakpoint
INSERT INTO "reference_data_stamp" ("id", "stamp") VALUES (1, 1);--> statement-breakpoint
-- Clears the stored profiles of these residents and of the records they are merged into (whose
-- profiles show the duplicates' cards and 831 versions), and moves their stamps. The rows are taken in
-- id order, so that two writers lock them in the same order. A resident without a stored profile gets
-- an empty row: a reader rendering that profile meanwhile (its snapshot taken before this write
-- commits) then finds the row held or its stamp moved, and does not store what it rendered.
CREATE OR REPLACE FUNCTION ytcs_profiles_stale(ids uuid[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO resident_profiles AS rp (resident_id, stamp)
  SELECT x.id, 1 FROM (
      SELECT unnest(ids) AS id
      UNION SELECT r.merged_into_id FROM residents r WHERE r.id = ANY(ids) AND r.merged_into_id IS NOT NULL) x
    WHERE x.id IS NOT NULL
    ORDER BY x.id
  ON CONFLICT (resident_id) DO UPDATE SET stamp = rp.stamp + 1, body = NULL
$$;--> statement-breakpoint
-- Cards, 831 records and their versions: the residents they belong to.
CREATE OR REPLACE FUNCTION ytcs_profiles_stale_of_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    PERFORM ytcs_profiles_stale(ARRAY(SELECT resident_id FROM new_rows UNION SELECT resident_id FROM old_rows));
  ELSE
    PERFORM ytcs_profiles_stale(ARRAY(SELECT resident_id FROM new_rows));
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
-- A resident changed: itself, and the records it was and is merged into. (A new resident has no
-- profile anyone could have rendered before it commits.)
CREATE OR REPLACE FUNCTION ytcs_profiles_stale_of_residents() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM ytcs_profiles_stale(ARRAY(
    SELECT id FROM new_rows UNION SELECT merged_into_id FROM new_rows UNION SELECT merged_into_id FROM old_rows));
  RETURN NULL;
END $$;--> statement-breakpoint
-- A household's code (shown on its members' profiles) changed.
CREATE OR REPLACE FUNCTION ytcs_profiles_stale_of_households() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM ytcs_profiles_stale(ARRAY(
    SELECT r.id FROM new_rows n JOIN old_rows o ON o.id = n.id JOIN residents r ON r.household_id = n.id
    WHERE n.code IS DISTINCT FROM o.code));
  RETURN NULL;
END $$;--> statement-breakpoint
-- Units, code lists and facilities: the names every profile shows.
CREATE OR REPLACE FUNCTION ytcs_reference_data_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE reference_data_stamp SET stamp = stamp + 1 WHERE id = 1;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER ytcs_profiles_stale AFTER UPDATE ON residents REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ytcs_profiles_stale_of_residents();--> statement-breakpoint
CREATE TRIGGER ytcs_profiles_stale AFTER UPDATE ON households REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ytcs_profiles_stale_of_households();--> statement-breakpoint
CREATE TRIGGER ytcs_profiles_stale_insert AFTER INSERT ON insurance_cards REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ytcs_profiles_stale_of_rows();--> statement-breakpoint
CREATE TRIGGER ytcs_profiles_stale_update AFTER UPDATE ON insurance_cards REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ytcs_profiles_stale_of_rows();--> statement-breakpoint
CREATE TRIGGER ytcs_profiles_stale_insert AFTER INSERT ON health_records REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ytcs_profiles_stale_of_rows();--> statement-breakpoint
CREATE TRIGGER ytcs_profiles_stale_update AFTER UPDATE ON health_records REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ytcs_profiles_stale_of_rows();--> statement-breakpoint
CREATE TRIGGER ytcs_profiles_stale_insert AFTER INSERT ON health_record_versions REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ytcs_profiles_stale_of_rows();--> statement-breakpoint
CREATE TRIGGER ytcs_reference_data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON admin_units
  FOR EACH STATEMENT EXECUTE FUNCTION ytcs_reference_data_changed();--> statement-breakpoint
CREATE TRIGGER ytcs_reference_data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON code_values
  FOR EACH STATEMENT EXECUTE FUNCTION ytcs_reference_data_changed();--> statement-breakpoint
CREATE TRIGGER ytcs_reference_data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON facilities
  FOR EACH STATEMENT EXECUTE FUNCTION ytcs_reference_data_changed();

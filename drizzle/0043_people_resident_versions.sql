CREATE TABLE "resident_versions" (
	"resident_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"fields" jsonb NOT NULL,
	"change_seq" bigint NOT NULL,
	"valid_from" timestamp with time zone NOT NULL,
	"replaced_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "resident_versions_resident_id_version_pk" PRIMARY KEY("resident_id","version")
);
--> statement-breakpoint
ALTER TABLE "resident_versions" ADD CONSTRAINT "resident_versions_resident_id_residents_id_fk" FOREIGN KEY ("resident_id") REFERENCES "public"."residents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- The identity a FHIR Patient shows, as it was before an update that changes it, kept as a version:
-- in the same transaction as the update, whichever path made it (identity edits, transfers, deaths,
-- merges, the offline sync). Rows of one resident are numbered 1, 2, … (the row lock the update holds
-- orders them); the current version is the residents row, numbered one more.
CREATE OR REPLACE FUNCTION ytcs_resident_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO resident_versions (resident_id, version, fields, change_seq, valid_from)
  SELECT OLD.id, coalesce((SELECT max(v.version) FROM resident_versions v WHERE v.resident_id = OLD.id), 0) + 1,
    jsonb_build_object('full_name', OLD.full_name, 'sex', OLD.sex, 'birth_date', OLD.birth_date,
      'birth_year', OLD.birth_year, 'personal_id', OLD.personal_id, 'phones', OLD.phones,
      'current_unit_id', OLD.current_unit_id, 'current_address_line', OLD.current_address_line,
      'permanent_unit_id', OLD.permanent_unit_id, 'permanent_address_line', OLD.permanent_address_line,
      'status', OLD.status, 'died_on', OLD.died_on, 'merged_into_id', OLD.merged_into_id),
    OLD.change_seq, OLD.updated_at;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER ytcs_resident_versions AFTER UPDATE ON residents FOR EACH ROW
  WHEN ((OLD.full_name, OLD.sex, OLD.birth_date, OLD.birth_year, OLD.personal_id, OLD.phones,
         OLD.current_unit_id, OLD.current_address_line, OLD.permanent_unit_id, OLD.permanent_address_line,
         OLD.status, OLD.died_on, OLD.merged_into_id)
    IS DISTINCT FROM (NEW.full_name, NEW.sex, NEW.birth_date, NEW.birth_year, NEW.personal_id, NEW.phones,
         NEW.current_unit_id, NEW.current_address_line, NEW.permanent_unit_id, NEW.permanent_address_line,
         NEW.status, NEW.died_on, NEW.merged_into_id))
  EXECUTE FUNCTION ytcs_resident_version();--> statement-breakpoint
CREATE TRIGGER ytcs_people_no_delete BEFORE DELETE ON resident_versions FOR EACH ROW EXECUTE FUNCTION ytcs_people_keep();--> statement-breakpoint
-- The profile now shows its version: the stored renderings are made again.
UPDATE resident_profiles SET body = NULL, stamp = stamp + 1;

CREATE TABLE "ncd_calls" (
	"id" uuid PRIMARY KEY NOT NULL,
	"resident_id" uuid NOT NULL,
	"unit_path" "ltree" NOT NULL,
	"outcome" text NOT NULL,
	"removal_reason" text,
	"note" text,
	"due_on" date NOT NULL,
	"called_on" date NOT NULL,
	"hidden_until" date,
	"called_at" timestamp with time zone DEFAULT now() NOT NULL,
	"called_by" text NOT NULL,
	"change_seq" bigint DEFAULT nextval('ytcs_change_seq') NOT NULL,
	CONSTRAINT "ncd_calls_outcome_ck" CHECK ("ncd_calls"."outcome" in ('agreed_to_visit','remind_to_call_later','removed_from_overdue_list')),
	CONSTRAINT "ncd_calls_reason_ck" CHECK (("ncd_calls"."outcome" = 'removed_from_overdue_list') = ("ncd_calls"."removal_reason" is not null))
);
--> statement-breakpoint
CREATE TABLE "ncd_definitions" (
	"kind" text NOT NULL,
	"version" text NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"document" jsonb NOT NULL,
	"change_seq" bigint DEFAULT nextval('ytcs_change_seq') NOT NULL,
	CONSTRAINT "ncd_definitions_kind_version_pk" PRIMARY KEY("kind","version"),
	CONSTRAINT "ncd_definitions_kind_ck" CHECK ("ncd_definitions"."kind" in ('control','risk'))
);
--> statement-breakpoint
CREATE TABLE "ncd_enrolments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"resident_id" uuid NOT NULL,
	"condition" text NOT NULL,
	"diagnosed_on" date NOT NULL,
	"source" text NOT NULL,
	"registered_on" date NOT NULL,
	"facility_id" uuid NOT NULL,
	"clinician_id" uuid,
	"unit_path" "ltree" NOT NULL,
	"plan" jsonb,
	"ended_on" date,
	"end_reason" text,
	"created_by" text NOT NULL,
	"change_seq" bigint DEFAULT nextval('ytcs_change_seq') NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ncd_enrolments_condition_ck" CHECK ("ncd_enrolments"."condition" in ('hypertension','diabetes','copd','asthma')),
	CONSTRAINT "ncd_enrolments_source_ck" CHECK ("ncd_enrolments"."source" in ('screened_here','referred','known')),
	CONSTRAINT "ncd_enrolments_dates_ck" CHECK ("ncd_enrolments"."diagnosed_on" <= "ncd_enrolments"."registered_on"),
	CONSTRAINT "ncd_enrolments_end_ck" CHECK (("ncd_enrolments"."ended_on" is null) = ("ncd_enrolments"."end_reason" is null))
);
--> statement-breakpoint
ALTER TABLE "visits" ADD COLUMN "systolic" smallint;--> statement-breakpoint
ALTER TABLE "visits" ADD COLUMN "diastolic" smallint;--> statement-breakpoint
ALTER TABLE "visits" ADD COLUMN "fasting_glucose" numeric(5, 2);--> statement-breakpoint
ALTER TABLE "visits" ADD COLUMN "random_glucose" numeric(5, 2);--> statement-breakpoint
ALTER TABLE "visits" ADD COLUMN "hba1c" numeric(4, 1);--> statement-breakpoint
ALTER TABLE "visits" ADD COLUMN "re_examination_date" date;--> statement-breakpoint
ALTER TABLE "ncd_calls" ADD CONSTRAINT "ncd_calls_resident_id_residents_id_fk" FOREIGN KEY ("resident_id") REFERENCES "public"."residents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ncd_enrolments" ADD CONSTRAINT "ncd_enrolments_resident_id_residents_id_fk" FOREIGN KEY ("resident_id") REFERENCES "public"."residents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ncd_enrolments" ADD CONSTRAINT "ncd_enrolments_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ncd_enrolments" ADD CONSTRAINT "ncd_enrolments_clinician_id_staff_members_id_fk" FOREIGN KEY ("clinician_id") REFERENCES "public"."staff_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ncd_calls_resident_idx" ON "ncd_calls" USING btree ("resident_id","called_at");--> statement-breakpoint
CREATE INDEX "ncd_calls_unit_path_gist" ON "ncd_calls" USING gist ("unit_path");--> statement-breakpoint
CREATE INDEX "ncd_calls_called_on_idx" ON "ncd_calls" USING btree ("called_on");--> statement-breakpoint
CREATE INDEX "ncd_calls_change_seq_idx" ON "ncd_calls" USING btree ("change_seq");--> statement-breakpoint
CREATE INDEX "ncd_definitions_change_seq_idx" ON "ncd_definitions" USING btree ("change_seq");--> statement-breakpoint
CREATE UNIQUE INDEX "ncd_enrolments_uq" ON "ncd_enrolments" USING btree ("resident_id","condition");--> statement-breakpoint
CREATE INDEX "ncd_enrolments_unit_path_gist" ON "ncd_enrolments" USING gist ("unit_path");--> statement-breakpoint
CREATE INDEX "ncd_enrolments_condition_registered_idx" ON "ncd_enrolments" USING btree ("condition","registered_on");--> statement-breakpoint
CREATE INDEX "ncd_enrolments_change_seq_idx" ON "ncd_enrolments" USING btree ("change_seq");--> statement-breakpoint
CREATE TRIGGER ytcs_touch_change_seq BEFORE UPDATE ON ncd_enrolments FOR EACH ROW EXECUTE FUNCTION ytcs_touch_change_seq();--> statement-breakpoint
CREATE TRIGGER ytcs_touch_change_seq BEFORE UPDATE ON ncd_calls FOR EACH ROW EXECUTE FUNCTION ytcs_touch_change_seq();--> statement-breakpoint
CREATE TRIGGER ytcs_touch_change_seq BEFORE UPDATE ON ncd_definitions FOR EACH ROW EXECUTE FUNCTION ytcs_touch_change_seq();--> statement-breakpoint
-- The measures programmes count by, copied from each visit's current version (issue 14).
UPDATE visits v SET
  systolic = (vv.document->'vitals'->>'systolic')::smallint,
  diastolic = (vv.document->'vitals'->>'diastolic')::smallint,
  fasting_glucose = (vv.document->'vitals'->>'fastingGlucose')::numeric,
  random_glucose = (vv.document->'vitals'->>'randomGlucose')::numeric,
  hba1c = (vv.document->'vitals'->>'hba1c')::numeric,
  re_examination_date = (vv.document->>'reExaminationDate')::date
FROM visit_versions vv WHERE vv.visit_id = v.id AND vv.version = v.current_version;--> statement-breakpoint
-- A patient's finished visits, latest first, with the measures (cohort, overdue list, programme card).
CREATE INDEX visits_finished_resident_date_idx ON visits (resident_id, visit_date DESC) INCLUDE (systolic, diastolic, fasting_glucose, random_glucose, hba1c, re_examination_date) WHERE status = 'finished';

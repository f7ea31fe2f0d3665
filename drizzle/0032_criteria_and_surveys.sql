CREATE TABLE "criteria_assessments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"unit_id" uuid NOT NULL,
	"unit_path" "ltree" NOT NULL,
	"year" integer NOT NULL,
	"set_id" uuid NOT NULL,
	"status" text NOT NULL,
	"scores" jsonb NOT NULL,
	"prefill" jsonb NOT NULL,
	"total" numeric(6, 2) NOT NULL,
	"passed" boolean NOT NULL,
	"note" text,
	"submitted_at" timestamp with time zone,
	"submitted_by" text,
	"reviewed_at" timestamp with time zone,
	"reviewed_by" text,
	"review_note" text,
	"approved_on" date,
	"valid_until" date,
	"created_by" text NOT NULL,
	"change_seq" bigint DEFAULT nextval('ytcs_change_seq') NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "criteria_assessments_status_ck" CHECK ("criteria_assessments"."status" in ('draft','submitted','returned','approved'))
);
--> statement-breakpoint
CREATE TABLE "criteria_evidence" (
	"id" uuid PRIMARY KEY NOT NULL,
	"assessment_id" uuid NOT NULL,
	"indicator_code" text NOT NULL,
	"file_name" text NOT NULL,
	"media_type" text NOT NULL,
	"size" integer NOT NULL,
	"content" "bytea" NOT NULL,
	"uploaded_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "criteria_sets" (
	"id" uuid PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"version" integer NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"definition" jsonb NOT NULL,
	"checksum" text NOT NULL,
	"loaded_by" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "survey_forms" (
	"id" uuid PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"version" integer NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"definition" jsonb NOT NULL,
	"checksum" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "survey_links" (
	"id" uuid PRIMARY KEY NOT NULL,
	"facility_id" uuid NOT NULL,
	"unit_path" "ltree" NOT NULL,
	"form_code" text NOT NULL,
	"link_key" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_by" text NOT NULL,
	"change_seq" bigint DEFAULT nextval('ytcs_change_seq') NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "survey_responses" (
	"id" uuid PRIMARY KEY NOT NULL,
	"link_id" uuid NOT NULL,
	"facility_id" uuid NOT NULL,
	"unit_path" "ltree" NOT NULL,
	"form_id" uuid NOT NULL,
	"answered_on" date NOT NULL,
	"answers" jsonb NOT NULL,
	"satisfied" boolean NOT NULL,
	"change_seq" bigint DEFAULT nextval('ytcs_change_seq') NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "survey_responses_day_ck" CHECK ("survey_responses"."answered_on" >= '2000-01-01')
);
--> statement-breakpoint
CREATE TABLE "survey_tokens" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"link_id" uuid NOT NULL,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "criteria_assessments" ADD CONSTRAINT "criteria_assessments_unit_id_admin_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."admin_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "criteria_assessments" ADD CONSTRAINT "criteria_assessments_set_id_criteria_sets_id_fk" FOREIGN KEY ("set_id") REFERENCES "public"."criteria_sets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "criteria_evidence" ADD CONSTRAINT "criteria_evidence_assessment_id_criteria_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."criteria_assessments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_links" ADD CONSTRAINT "survey_links_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_responses" ADD CONSTRAINT "survey_responses_link_id_survey_links_id_fk" FOREIGN KEY ("link_id") REFERENCES "public"."survey_links"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_responses" ADD CONSTRAINT "survey_responses_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_responses" ADD CONSTRAINT "survey_responses_form_id_survey_forms_id_fk" FOREIGN KEY ("form_id") REFERENCES "public"."survey_forms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_tokens" ADD CONSTRAINT "survey_tokens_link_id_survey_links_id_fk" FOREIGN KEY ("link_id") REFERENCES "public"."survey_links"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "criteria_assessments_unit_year_uq" ON "criteria_assessments" USING btree ("unit_id","year");--> statement-breakpoint
CREATE INDEX "criteria_assessments_unit_path_gist" ON "criteria_assessments" USING gist ("unit_path");--> statement-breakpoint
CREATE INDEX "criteria_assessments_change_seq_idx" ON "criteria_assessments" USING btree ("change_seq");--> statement-breakpoint
CREATE INDEX "criteria_evidence_assessment_idx" ON "criteria_evidence" USING btree ("assessment_id");--> statement-breakpoint
CREATE UNIQUE INDEX "criteria_sets_code_version_uq" ON "criteria_sets" USING btree ("code","version");--> statement-breakpoint
CREATE UNIQUE INDEX "survey_forms_code_version_uq" ON "survey_forms" USING btree ("code","version");--> statement-breakpoint
CREATE UNIQUE INDEX "survey_links_key_uq" ON "survey_links" USING btree ("link_key");--> statement-breakpoint
CREATE INDEX "survey_links_facility_idx" ON "survey_links" USING btree ("facility_id");--> statement-breakpoint
CREATE INDEX "survey_responses_facility_day_idx" ON "survey_responses" USING btree ("facility_id","answered_on");--> statement-breakpoint
CREATE INDEX "survey_responses_day_idx" ON "survey_responses" USING btree ("answered_on");--> statement-breakpoint
CREATE INDEX "survey_responses_unit_path_gist" ON "survey_responses" USING gist ("unit_path");--> statement-breakpoint
CREATE INDEX "survey_responses_change_seq_idx" ON "survey_responses" USING btree ("change_seq");--> statement-breakpoint
CREATE INDEX "survey_tokens_link_idx" ON "survey_tokens" USING btree ("link_id");--> statement-breakpoint
CREATE TRIGGER ytcs_touch_change_seq BEFORE UPDATE ON criteria_assessments FOR EACH ROW EXECUTE FUNCTION ytcs_touch_change_seq();--> statement-breakpoint
CREATE TRIGGER ytcs_touch_change_seq BEFORE UPDATE ON survey_links FOR EACH ROW EXECUTE FUNCTION ytcs_touch_change_seq();--> statement-breakpoint
CREATE TRIGGER ytcs_touch_change_seq BEFORE UPDATE ON survey_responses FOR EACH ROW EXECUTE FUNCTION ytcs_touch_change_seq();

CREATE TABLE "disease_cases" (
	"id" uuid PRIMARY KEY NOT NULL,
	"disease" text NOT NULL,
	"resident_id" uuid,
	"person_name" text,
	"person_sex" text,
	"person_birth_year" smallint,
	"address_line" text,
	"unit_path" "ltree" NOT NULL,
	"onset_on" date NOT NULL,
	"onset_week" date NOT NULL,
	"reported_on" date NOT NULL,
	"classification" text NOT NULL,
	"hospitalised" boolean DEFAULT false NOT NULL,
	"outcome" text NOT NULL,
	"note" text,
	"reported_by" text NOT NULL,
	"change_seq" bigint DEFAULT nextval('ytcs_change_seq') NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "disease_cases_person_ck" CHECK ("disease_cases"."resident_id" is not null or "disease_cases"."person_name" is not null),
	CONSTRAINT "disease_cases_dates_ck" CHECK ("disease_cases"."onset_on" <= "disease_cases"."reported_on"),
	CONSTRAINT "disease_cases_classification_ck" CHECK ("disease_cases"."classification" in ('suspected','probable','confirmed','discarded')),
	CONSTRAINT "disease_cases_outcome_ck" CHECK ("disease_cases"."outcome" in ('under_treatment','recovered','died','transferred','unknown'))
);
--> statement-breakpoint
CREATE TABLE "education_campaigns" (
	"id" uuid PRIMARY KEY NOT NULL,
	"unit_path" "ltree" NOT NULL,
	"name" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"note" text,
	"recorded_by" text NOT NULL,
	"change_seq" bigint DEFAULT nextval('ytcs_change_seq') NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "education_campaigns_dates_ck" CHECK ("education_campaigns"."starts_on" <= "education_campaigns"."ends_on")
);
--> statement-breakpoint
CREATE TABLE "education_sessions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"unit_path" "ltree" NOT NULL,
	"held_on" date NOT NULL,
	"topic" text NOT NULL,
	"format" text NOT NULL,
	"audience" text,
	"place" text,
	"men" integer DEFAULT 0 NOT NULL,
	"women" integer DEFAULT 0 NOT NULL,
	"staff_id" uuid,
	"staff_name" text,
	"campaign_id" uuid,
	"note" text,
	"recorded_by" text NOT NULL,
	"change_seq" bigint DEFAULT nextval('ytcs_change_seq') NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "education_sessions_counts_ck" CHECK ("education_sessions"."men" >= 0 and "education_sessions"."women" >= 0)
);
--> statement-breakpoint
CREATE TABLE "outbreak_alerts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"disease" text NOT NULL,
	"unit_path" "ltree" NOT NULL,
	"week" date NOT NULL,
	"method" text NOT NULL,
	"observed" integer NOT NULL,
	"threshold" text NOT NULL,
	"basis" jsonb NOT NULL,
	"case_id" uuid NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"raised_at" timestamp with time zone DEFAULT now() NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by" text,
	"closed_at" timestamp with time zone,
	"closed_by" text,
	"response" text,
	"change_seq" bigint DEFAULT nextval('ytcs_change_seq') NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "outbreak_alerts_status_ck" CHECK ("outbreak_alerts"."status" in ('open','acknowledged','closed'))
);
--> statement-breakpoint
CREATE TABLE "surveillance_definitions" (
	"kind" text NOT NULL,
	"version" text NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"document" jsonb NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "surveillance_definitions_kind_version_pk" PRIMARY KEY("kind","version")
);
--> statement-breakpoint
ALTER TABLE "disease_cases" ADD CONSTRAINT "disease_cases_resident_id_residents_id_fk" FOREIGN KEY ("resident_id") REFERENCES "public"."residents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "education_sessions" ADD CONSTRAINT "education_sessions_staff_id_staff_members_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "education_sessions" ADD CONSTRAINT "education_sessions_campaign_id_education_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."education_campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbreak_alerts" ADD CONSTRAINT "outbreak_alerts_case_id_disease_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."disease_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "disease_cases_disease_week_idx" ON "disease_cases" USING btree ("disease","onset_week");--> statement-breakpoint
CREATE INDEX "disease_cases_unit_path_gist" ON "disease_cases" USING gist ("unit_path");--> statement-breakpoint
CREATE INDEX "disease_cases_resident_idx" ON "disease_cases" USING btree ("resident_id");--> statement-breakpoint
CREATE INDEX "disease_cases_change_seq_idx" ON "disease_cases" USING btree ("change_seq");--> statement-breakpoint
CREATE INDEX "education_campaigns_unit_path_gist" ON "education_campaigns" USING gist ("unit_path");--> statement-breakpoint
CREATE INDEX "education_campaigns_change_seq_idx" ON "education_campaigns" USING btree ("change_seq");--> statement-breakpoint
CREATE INDEX "education_sessions_unit_day_idx" ON "education_sessions" USING btree ("held_on");--> statement-breakpoint
CREATE INDEX "education_sessions_unit_path_gist" ON "education_sessions" USING gist ("unit_path");--> statement-breakpoint
CREATE INDEX "education_sessions_change_seq_idx" ON "education_sessions" USING btree ("change_seq");--> statement-breakpoint
CREATE UNIQUE INDEX "outbreak_alerts_uq" ON "outbreak_alerts" USING btree ("disease","unit_path","week");--> statement-breakpoint
CREATE INDEX "outbreak_alerts_unit_path_gist" ON "outbreak_alerts" USING gist ("unit_path");--> statement-breakpoint
CREATE INDEX "outbreak_alerts_status_idx" ON "outbreak_alerts" USING btree ("status","raised_at");--> statement-breakpoint
CREATE INDEX "outbreak_alerts_change_seq_idx" ON "outbreak_alerts" USING btree ("change_seq");--> statement-breakpoint
CREATE TRIGGER ytcs_touch_change_seq BEFORE UPDATE ON disease_cases FOR EACH ROW EXECUTE FUNCTION ytcs_touch_change_seq();--> statement-breakpoint
CREATE TRIGGER ytcs_touch_change_seq BEFORE UPDATE ON outbreak_alerts FOR EACH ROW EXECUTE FUNCTION ytcs_touch_change_seq();--> statement-breakpoint
CREATE TRIGGER ytcs_touch_change_seq BEFORE UPDATE ON education_campaigns FOR EACH ROW EXECUTE FUNCTION ytcs_touch_change_seq();--> statement-breakpoint
CREATE TRIGGER ytcs_touch_change_seq BEFORE UPDATE ON education_sessions FOR EACH ROW EXECUTE FUNCTION ytcs_touch_change_seq();

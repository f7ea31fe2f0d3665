CREATE TABLE "aefi_reports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"vaccination_id" uuid NOT NULL,
	"resident_id" uuid NOT NULL,
	"unit_path" "ltree" NOT NULL,
	"onset_on" date NOT NULL,
	"symptoms" text NOT NULL,
	"severity" text NOT NULL,
	"outcome" text NOT NULL,
	"serious" boolean NOT NULL,
	"treatment" text,
	"reported_up_at" timestamp with time zone,
	"recorded_by" text NOT NULL,
	"change_seq" bigint DEFAULT nextval('ytcs_change_seq') NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "aefi_reports_severity_ck" CHECK ("aefi_reports"."severity" in ('mild','moderate','severe')),
	CONSTRAINT "aefi_reports_outcome_ck" CHECK ("aefi_reports"."outcome" in ('recovering','recovered','sequelae','died','unknown'))
);
--> statement-breakpoint
CREATE TABLE "immunization_conditions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"resident_id" uuid NOT NULL,
	"unit_path" "ltree" NOT NULL,
	"condition" text NOT NULL,
	"from_on" date NOT NULL,
	"until_on" date,
	"note" text,
	"recorded_by" text NOT NULL,
	"change_seq" bigint DEFAULT nextval('ytcs_change_seq') NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "immunization_forecasts" (
	"resident_id" uuid NOT NULL,
	"dose" text NOT NULL,
	"series" text NOT NULL,
	"dose_no" smallint NOT NULL,
	"earliest_on" date NOT NULL,
	"due_on" date NOT NULL,
	"overdue_from" date NOT NULL,
	"latest_on" date,
	"given_on" date,
	"vaccination_id" uuid,
	"blocked" text,
	"computed_on" date NOT NULL,
	"change_seq" bigint DEFAULT nextval('ytcs_change_seq') NOT NULL,
	CONSTRAINT "immunization_forecasts_resident_id_dose_pk" PRIMARY KEY("resident_id","dose")
);
--> statement-breakpoint
CREATE TABLE "immunization_schedule_items" (
	"version" integer NOT NULL,
	"record" text NOT NULL,
	"code" text NOT NULL,
	"province" text,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"body" jsonb NOT NULL,
	"change_seq" bigint DEFAULT nextval('ytcs_change_seq') NOT NULL,
	CONSTRAINT "immunization_schedule_items_version_record_code_valid_from_pk" PRIMARY KEY("version","record","code","valid_from"),
	CONSTRAINT "immunization_schedule_items_record_ck" CHECK ("immunization_schedule_items"."record" in ('antigen','vaccine','dose','rule','condition'))
);
--> statement-breakpoint
CREATE TABLE "immunization_schedules" (
	"version" integer PRIMARY KEY NOT NULL,
	"checksum" text NOT NULL,
	"source_name" text NOT NULL,
	"rows" integer NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"loaded_by" text NOT NULL,
	"change_seq" bigint DEFAULT nextval('ytcs_change_seq') NOT NULL
);
--> statement-breakpoint
CREATE TABLE "immunization_vaccinations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"resident_id" uuid NOT NULL,
	"unit_path" "ltree" NOT NULL,
	"vaccine" text NOT NULL,
	"given_on" date NOT NULL,
	"given_elsewhere" boolean DEFAULT false NOT NULL,
	"facility_id" uuid,
	"place" text,
	"lot" text,
	"expires_on" date,
	"site" text,
	"route" text,
	"vaccinator_id" uuid,
	"vaccinator_name" text,
	"session_on" date,
	"note" text,
	"recorded_by" text NOT NULL,
	"voided_at" timestamp with time zone,
	"void_reason" text,
	"change_seq" bigint DEFAULT nextval('ytcs_change_seq') NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "immunization_vaccinations_where_ck" CHECK ("immunization_vaccinations"."given_elsewhere" OR "immunization_vaccinations"."facility_id" IS NOT NULL)
);
--> statement-breakpoint
ALTER TABLE "aefi_reports" ADD CONSTRAINT "aefi_reports_vaccination_id_immunization_vaccinations_id_fk" FOREIGN KEY ("vaccination_id") REFERENCES "public"."immunization_vaccinations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "aefi_reports" ADD CONSTRAINT "aefi_reports_resident_id_residents_id_fk" FOREIGN KEY ("resident_id") REFERENCES "public"."residents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "immunization_conditions" ADD CONSTRAINT "immunization_conditions_resident_id_residents_id_fk" FOREIGN KEY ("resident_id") REFERENCES "public"."residents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "immunization_forecasts" ADD CONSTRAINT "immunization_forecasts_resident_id_residents_id_fk" FOREIGN KEY ("resident_id") REFERENCES "public"."residents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "immunization_schedule_items" ADD CONSTRAINT "immunization_schedule_items_version_immunization_schedules_version_fk" FOREIGN KEY ("version") REFERENCES "public"."immunization_schedules"("version") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "immunization_vaccinations" ADD CONSTRAINT "immunization_vaccinations_resident_id_residents_id_fk" FOREIGN KEY ("resident_id") REFERENCES "public"."residents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "immunization_vaccinations" ADD CONSTRAINT "immunization_vaccinations_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "immunization_vaccinations" ADD CONSTRAINT "immunization_vaccinations_vaccinator_id_staff_members_id_fk" FOREIGN KEY ("vaccinator_id") REFERENCES "public"."staff_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "aefi_reports_vaccination_idx" ON "aefi_reports" USING btree ("vaccination_id");--> statement-breakpoint
CREATE INDEX "aefi_reports_unit_path_gist" ON "aefi_reports" USING gist ("unit_path");--> statement-breakpoint
CREATE INDEX "aefi_reports_change_seq_idx" ON "aefi_reports" USING btree ("change_seq");--> statement-breakpoint
CREATE INDEX "immunization_conditions_resident_idx" ON "immunization_conditions" USING btree ("resident_id");--> statement-breakpoint
CREATE INDEX "immunization_conditions_change_seq_idx" ON "immunization_conditions" USING btree ("change_seq");--> statement-breakpoint
CREATE INDEX "immunization_forecasts_due_idx" ON "immunization_forecasts" USING btree ("due_on") WHERE "immunization_forecasts"."given_on" is null;--> statement-breakpoint
CREATE INDEX "immunization_forecasts_change_seq_idx" ON "immunization_forecasts" USING btree ("change_seq");--> statement-breakpoint
CREATE INDEX "immunization_vaccinations_resident_idx" ON "immunization_vaccinations" USING btree ("resident_id","given_on");--> statement-breakpoint
CREATE INDEX "immunization_vaccinations_unit_path_gist" ON "immunization_vaccinations" USING gist ("unit_path");--> statement-breakpoint
CREATE INDEX "immunization_vaccinations_change_seq_idx" ON "immunization_vaccinations" USING btree ("change_seq");--> statement-breakpoint
CREATE UNIQUE INDEX "immunization_vaccinations_same_day_uq" ON "immunization_vaccinations" USING btree ("resident_id","vaccine","given_on") WHERE "immunization_vaccinations"."voided_at" is null;--> statement-breakpoint
-- Updates raise change_seq (a voided dose, an answered AEFI, a forecast written again), so stored
-- indicator values go stale (docs/adr/0021).
CREATE TRIGGER ytcs_touch_change_seq BEFORE UPDATE ON immunization_vaccinations FOR EACH ROW EXECUTE FUNCTION ytcs_touch_change_seq();--> statement-breakpoint
CREATE TRIGGER ytcs_touch_change_seq BEFORE UPDATE ON immunization_conditions FOR EACH ROW EXECUTE FUNCTION ytcs_touch_change_seq();--> statement-breakpoint
CREATE TRIGGER ytcs_touch_change_seq BEFORE UPDATE ON aefi_reports FOR EACH ROW EXECUTE FUNCTION ytcs_touch_change_seq();--> statement-breakpoint
CREATE TRIGGER ytcs_touch_change_seq BEFORE UPDATE ON immunization_forecasts FOR EACH ROW EXECUTE FUNCTION ytcs_touch_change_seq();

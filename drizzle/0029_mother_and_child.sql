CREATE TABLE "growth_lms" (
	"standard" text NOT NULL,
	"indicator" text NOT NULL,
	"sex" smallint NOT NULL,
	"x" double precision NOT NULL,
	"l" double precision NOT NULL,
	"m" double precision NOT NULL,
	"s" double precision NOT NULL,
	CONSTRAINT "growth_lms_standard_indicator_sex_x_pk" PRIMARY KEY("standard","indicator","sex","x")
);
--> statement-breakpoint
CREATE TABLE "growth_measurements" (
	"id" uuid PRIMARY KEY NOT NULL,
	"resident_id" uuid NOT NULL,
	"unit_path" "ltree" NOT NULL,
	"measured_on" date NOT NULL,
	"age_days" integer NOT NULL,
	"sex" text NOT NULL,
	"weight_kg" numeric(6, 3),
	"length_cm" numeric(5, 1),
	"position" text,
	"head_cm" numeric(5, 1),
	"muac_cm" numeric(5, 1),
	"oedema" boolean DEFAULT false NOT NULL,
	"standard" text,
	"z_wfa" numeric(5, 2),
	"z_lhfa" numeric(5, 2),
	"z_wflh" numeric(5, 2),
	"z_bmifa" numeric(5, 2),
	"z_hcfa" numeric(5, 2),
	"z_acfa" numeric(5, 2),
	"flags" text[] DEFAULT '{}'::text[] NOT NULL,
	"statuses" text[] DEFAULT '{}'::text[] NOT NULL,
	"replaces_id" uuid,
	"replaced_by" uuid,
	"recorded_by" text NOT NULL,
	"change_seq" bigint DEFAULT nextval('ytcs_change_seq') NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "growth_measurements_position_ck" CHECK ("growth_measurements"."position" is null or "growth_measurements"."position" in ('lying','standing')),
	CONSTRAINT "growth_measurements_sex_ck" CHECK ("growth_measurements"."sex" in ('male','female')),
	CONSTRAINT "growth_measurements_age_ck" CHECK ("growth_measurements"."age_days" >= 0)
);
--> statement-breakpoint
CREATE TABLE "antenatal_contacts" (
	"visit_id" uuid PRIMARY KEY NOT NULL,
	"pregnancy_id" uuid NOT NULL,
	"unit_path" "ltree" NOT NULL,
	"contact_on" date NOT NULL,
	"gestation_days" smallint NOT NULL,
	"weight_kg" numeric(5, 1),
	"systolic" smallint,
	"diastolic" smallint,
	"fundal_height_cm" numeric(4, 1),
	"foetal_heart_rate" smallint,
	"urine_protein" text,
	"haemoglobin" numeric(4, 1),
	"iron_folate" text,
	"note" text,
	"recorded_by" text NOT NULL,
	"change_seq" bigint DEFAULT nextval('ytcs_change_seq') NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "antenatal_contacts_urine_ck" CHECK ("antenatal_contacts"."urine_protein" is null or "antenatal_contacts"."urine_protein" in ('negative','trace','1+','2+','3+'))
);
--> statement-breakpoint
CREATE TABLE "pregnancies" (
	"id" uuid PRIMARY KEY NOT NULL,
	"resident_id" uuid NOT NULL,
	"unit_path" "ltree" NOT NULL,
	"registered_on" date NOT NULL,
	"lmp" date,
	"edd" date NOT NULL,
	"edd_source" text NOT NULL,
	"gravidity" smallint NOT NULL,
	"parity" smallint NOT NULL,
	"risk_factors" text[] DEFAULT '{}'::text[] NOT NULL,
	"risk_level" text NOT NULL,
	"ended_on" date,
	"outcome" text,
	"recorded_by" text NOT NULL,
	"change_seq" bigint DEFAULT nextval('ytcs_change_seq') NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pregnancies_para_ck" CHECK ("pregnancies"."gravidity" >= 1 and "pregnancies"."parity" >= 0 and "pregnancies"."parity" < "pregnancies"."gravidity"),
	CONSTRAINT "pregnancies_dates_ck" CHECK ("pregnancies"."lmp" is null or "pregnancies"."lmp" < "pregnancies"."edd")
);
--> statement-breakpoint
ALTER TABLE "growth_measurements" ADD CONSTRAINT "growth_measurements_resident_id_residents_id_fk" FOREIGN KEY ("resident_id") REFERENCES "public"."residents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "antenatal_contacts" ADD CONSTRAINT "antenatal_contacts_pregnancy_id_pregnancies_id_fk" FOREIGN KEY ("pregnancy_id") REFERENCES "public"."pregnancies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pregnancies" ADD CONSTRAINT "pregnancies_resident_id_residents_id_fk" FOREIGN KEY ("resident_id") REFERENCES "public"."residents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "growth_measurements_resident_idx" ON "growth_measurements" USING btree ("resident_id","measured_on");--> statement-breakpoint
CREATE INDEX "growth_measurements_day_idx" ON "growth_measurements" USING btree ("measured_on");--> statement-breakpoint
CREATE INDEX "growth_measurements_unit_path_gist" ON "growth_measurements" USING gist ("unit_path");--> statement-breakpoint
CREATE INDEX "growth_measurements_change_seq_idx" ON "growth_measurements" USING btree ("change_seq");--> statement-breakpoint
CREATE INDEX "antenatal_contacts_pregnancy_idx" ON "antenatal_contacts" USING btree ("pregnancy_id","contact_on");--> statement-breakpoint
CREATE INDEX "antenatal_contacts_change_seq_idx" ON "antenatal_contacts" USING btree ("change_seq");--> statement-breakpoint
CREATE INDEX "pregnancies_resident_idx" ON "pregnancies" USING btree ("resident_id");--> statement-breakpoint
CREATE INDEX "pregnancies_unit_path_gist" ON "pregnancies" USING gist ("unit_path");--> statement-breakpoint
CREATE INDEX "pregnancies_change_seq_idx" ON "pregnancies" USING btree ("change_seq");--> statement-breakpoint
CREATE UNIQUE INDEX "pregnancies_ongoing_uq" ON "pregnancies" USING btree ("resident_id") WHERE "pregnancies"."ended_on" is null;--> statement-breakpoint
-- change_seq on update for the synced tables (docs/adr/0004): a measurement is marked replaced, a
-- pregnancy ended; growth_lms is reference data loaded whole (reference_datasets' checksum).
CREATE TRIGGER ytcs_touch_change_seq BEFORE UPDATE ON growth_measurements FOR EACH ROW EXECUTE FUNCTION ytcs_touch_change_seq();--> statement-breakpoint
CREATE TRIGGER ytcs_touch_change_seq BEFORE UPDATE ON pregnancies FOR EACH ROW EXECUTE FUNCTION ytcs_touch_change_seq();--> statement-breakpoint
CREATE TRIGGER ytcs_touch_change_seq BEFORE UPDATE ON antenatal_contacts FOR EACH ROW EXECUTE FUNCTION ytcs_touch_change_seq();

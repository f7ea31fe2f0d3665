CREATE TABLE "health_record_versions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"record_id" uuid NOT NULL,
	"resident_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"kind" text NOT NULL,
	"changed_parts" text[] DEFAULT '{}'::text[] NOT NULL,
	"document" jsonb NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by_id" uuid,
	"created_by" text,
	"change_seq" bigint DEFAULT nextval('ytcs_change_seq') NOT NULL,
	CONSTRAINT "health_record_versions_kind_ck" CHECK ("health_record_versions"."kind" in ('create','update','review'))
);
--> statement-breakpoint
CREATE TABLE "health_records" (
	"id" uuid PRIMARY KEY NOT NULL,
	"resident_id" uuid NOT NULL,
	"current_version" integer NOT NULL,
	"last_updated_at" timestamp with time zone NOT NULL,
	"reviewed_at" timestamp with time zone,
	"change_seq" bigint DEFAULT nextval('ytcs_change_seq') NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "households" (
	"id" uuid PRIMARY KEY NOT NULL,
	"code" text,
	"unit_id" uuid NOT NULL,
	"unit_path" "ltree" NOT NULL,
	"address_line" text,
	"status" text DEFAULT 'active' NOT NULL,
	"dissolved_on" date,
	"change_seq" bigint DEFAULT nextval('ytcs_change_seq') NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "households_status_ck" CHECK ("households"."status" in ('active','dissolved'))
);
--> statement-breakpoint
CREATE TABLE "insurance_cards" (
	"id" uuid PRIMARY KEY NOT NULL,
	"resident_id" uuid NOT NULL,
	"code" text NOT NULL,
	"social_insurance_number" text NOT NULL,
	"beneficiary_group" text,
	"benefit_level" smallint,
	"issuer_province" text,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"registered_facility_code" text,
	"voided_at" timestamp with time zone,
	"void_reason" text,
	"change_seq" bigint DEFAULT nextval('ytcs_change_seq') NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "insurance_cards_dates_ck" CHECK ("insurance_cards"."valid_to" is null or "insurance_cards"."valid_to" >= "insurance_cards"."valid_from"),
	CONSTRAINT "insurance_cards_level_ck" CHECK ("insurance_cards"."benefit_level" is null or "insurance_cards"."benefit_level" between 1 and 5),
	CONSTRAINT "insurance_cards_sin_ck" CHECK ("insurance_cards"."social_insurance_number" ~ '^[0-9]{10}$')
);
--> statement-breakpoint
CREATE TABLE "life_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"resident_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"occurred_on" date NOT NULL,
	"unit_path" "ltree" NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"related_resident_id" uuid,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"recorded_by" text,
	"change_seq" bigint DEFAULT nextval('ytcs_change_seq') NOT NULL,
	CONSTRAINT "life_events_kind_ck" CHECK ("life_events"."kind" in ('birth','death','move_in','move_out','transfer','merge','unmerge'))
);
--> statement-breakpoint
CREATE TABLE "resident_merges" (
	"id" uuid PRIMARY KEY NOT NULL,
	"survivor_id" uuid NOT NULL,
	"merged_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"filled" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"merged_status_before" text NOT NULL,
	"merged_at" timestamp with time zone DEFAULT now() NOT NULL,
	"merged_by" text,
	"undone_at" timestamp with time zone,
	"undone_by" text,
	"undo_reason" text,
	"change_seq" bigint DEFAULT nextval('ytcs_change_seq') NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "residents" (
	"id" uuid PRIMARY KEY NOT NULL,
	"household_id" uuid,
	"relation_to_head" text,
	"full_name" text NOT NULL,
	"sex" text NOT NULL,
	"birth_date" date,
	"birth_year" smallint NOT NULL,
	"personal_id" text,
	"ethnicity" text,
	"nationality" text DEFAULT 'VN' NOT NULL,
	"religion" text,
	"occupation" text,
	"blood_group" text,
	"phones" text[] DEFAULT '{}'::text[] NOT NULL,
	"current_unit_id" uuid NOT NULL,
	"current_address_line" text,
	"permanent_unit_id" uuid,
	"permanent_address_line" text,
	"unit_path" "ltree" NOT NULL,
	"mother_id" uuid,
	"father_id" uuid,
	"status" text DEFAULT 'active' NOT NULL,
	"died_on" date,
	"merged_into_id" uuid,
	"change_seq" bigint DEFAULT nextval('ytcs_change_seq') NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "residents_sex_ck" CHECK ("residents"."sex" in ('male','female')),
	CONSTRAINT "residents_status_ck" CHECK ("residents"."status" in ('active','moved_out','dead','merged')),
	CONSTRAINT "residents_personal_id_ck" CHECK ("residents"."personal_id" is null or "residents"."personal_id" ~ '^[0-9]{12}$'),
	CONSTRAINT "residents_birth_ck" CHECK ("residents"."birth_date" is null or extract(year from "residents"."birth_date")::int = "residents"."birth_year"),
	CONSTRAINT "residents_blood_ck" CHECK ("residents"."blood_group" is null or "residents"."blood_group" in ('A+','A-','B+','B-','AB+','AB-','O+','O-')),
	CONSTRAINT "residents_merged_ck" CHECK (("residents"."status" = 'merged') = ("residents"."merged_into_id" is not null)),
	CONSTRAINT "residents_dead_ck" CHECK ("residents"."status" <> 'dead' or "residents"."died_on" is not null)
);
--> statement-breakpoint
ALTER TABLE "health_record_versions" ADD CONSTRAINT "health_record_versions_record_id_health_records_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."health_records"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "health_record_versions" ADD CONSTRAINT "health_record_versions_resident_id_residents_id_fk" FOREIGN KEY ("resident_id") REFERENCES "public"."residents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "health_records" ADD CONSTRAINT "health_records_resident_id_residents_id_fk" FOREIGN KEY ("resident_id") REFERENCES "public"."residents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "households" ADD CONSTRAINT "households_unit_id_admin_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."admin_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insurance_cards" ADD CONSTRAINT "insurance_cards_resident_id_residents_id_fk" FOREIGN KEY ("resident_id") REFERENCES "public"."residents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "life_events" ADD CONSTRAINT "life_events_resident_id_residents_id_fk" FOREIGN KEY ("resident_id") REFERENCES "public"."residents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "life_events" ADD CONSTRAINT "life_events_related_resident_id_residents_id_fk" FOREIGN KEY ("related_resident_id") REFERENCES "public"."residents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resident_merges" ADD CONSTRAINT "resident_merges_survivor_id_residents_id_fk" FOREIGN KEY ("survivor_id") REFERENCES "public"."residents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resident_merges" ADD CONSTRAINT "resident_merges_merged_id_residents_id_fk" FOREIGN KEY ("merged_id") REFERENCES "public"."residents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "residents" ADD CONSTRAINT "residents_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "residents" ADD CONSTRAINT "residents_current_unit_id_admin_units_id_fk" FOREIGN KEY ("current_unit_id") REFERENCES "public"."admin_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "residents" ADD CONSTRAINT "residents_permanent_unit_id_admin_units_id_fk" FOREIGN KEY ("permanent_unit_id") REFERENCES "public"."admin_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "residents" ADD CONSTRAINT "residents_mother_id_residents_id_fk" FOREIGN KEY ("mother_id") REFERENCES "public"."residents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "residents" ADD CONSTRAINT "residents_father_id_residents_id_fk" FOREIGN KEY ("father_id") REFERENCES "public"."residents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "residents" ADD CONSTRAINT "residents_merged_into_id_residents_id_fk" FOREIGN KEY ("merged_into_id") REFERENCES "public"."residents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "health_record_versions_uq" ON "health_record_versions" USING btree ("record_id","version");--> statement-breakpoint
CREATE INDEX "health_record_versions_resident_idx" ON "health_record_versions" USING btree ("resident_id");--> statement-breakpoint
CREATE INDEX "health_record_versions_change_seq_idx" ON "health_record_versions" USING btree ("change_seq");--> statement-breakpoint
CREATE UNIQUE INDEX "health_records_resident_uq" ON "health_records" USING btree ("resident_id");--> statement-breakpoint
CREATE INDEX "health_records_change_seq_idx" ON "health_records" USING btree ("change_seq");--> statement-breakpoint
CREATE INDEX "households_unit_path_gist" ON "households" USING gist ("unit_path");--> statement-breakpoint
CREATE INDEX "households_change_seq_idx" ON "households" USING btree ("change_seq");--> statement-breakpoint
CREATE INDEX "insurance_cards_resident_idx" ON "insurance_cards" USING btree ("resident_id","valid_from");--> statement-breakpoint
CREATE INDEX "insurance_cards_code_idx" ON "insurance_cards" USING btree ("code");--> statement-breakpoint
CREATE INDEX "insurance_cards_sin_idx" ON "insurance_cards" USING btree ("social_insurance_number");--> statement-breakpoint
CREATE INDEX "insurance_cards_change_seq_idx" ON "insurance_cards" USING btree ("change_seq");--> statement-breakpoint
CREATE INDEX "life_events_resident_idx" ON "life_events" USING btree ("resident_id","occurred_on");--> statement-breakpoint
CREATE INDEX "life_events_unit_path_gist" ON "life_events" USING gist ("unit_path");--> statement-breakpoint
CREATE INDEX "life_events_kind_idx" ON "life_events" USING btree ("kind","occurred_on");--> statement-breakpoint
CREATE INDEX "life_events_change_seq_idx" ON "life_events" USING btree ("change_seq");--> statement-breakpoint
CREATE INDEX "resident_merges_survivor_idx" ON "resident_merges" USING btree ("survivor_id");--> statement-breakpoint
CREATE UNIQUE INDEX "resident_merges_active_uq" ON "resident_merges" USING btree ("merged_id") WHERE "resident_merges"."undone_at" is null;--> statement-breakpoint
CREATE INDEX "resident_merges_change_seq_idx" ON "resident_merges" USING btree ("change_seq");--> statement-breakpoint
CREATE INDEX "residents_unit_path_gist" ON "residents" USING gist ("unit_path");--> statement-breakpoint
CREATE INDEX "residents_household_idx" ON "residents" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "residents_personal_id_idx" ON "residents" USING btree ("personal_id");--> statement-breakpoint
CREATE INDEX "residents_birth_year_idx" ON "residents" USING btree ("birth_year");--> statement-breakpoint
CREATE INDEX "residents_phones_gin" ON "residents" USING gin ("phones");--> statement-breakpoint
CREATE INDEX "residents_mother_idx" ON "residents" USING btree ("mother_id");--> statement-breakpoint
CREATE INDEX "residents_merged_into_idx" ON "residents" USING btree ("merged_into_id");--> statement-breakpoint
CREATE INDEX "residents_current_unit_idx" ON "residents" USING btree ("current_unit_id");--> statement-breakpoint
CREATE INDEX "residents_change_seq_idx" ON "residents" USING btree ("change_seq");--> statement-breakpoint
CREATE UNIQUE INDEX "residents_one_head_uq" ON "residents" USING btree ("household_id") WHERE "residents"."relation_to_head" = 'head' AND "residents"."status" = 'active';
CREATE TABLE "referral_holidays" (
	"day" date PRIMARY KEY NOT NULL,
	"name_vi" text NOT NULL,
	"name_en" text NOT NULL,
	"basis" text NOT NULL,
	"source" text NOT NULL,
	"change_seq" bigint DEFAULT nextval('ytcs_change_seq') NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "referral_holidays_basis_ck" CHECK ("referral_holidays"."basis" in ('law','announcement'))
);
--> statement-breakpoint
CREATE TABLE "referral_list_values" (
	"list" text NOT NULL,
	"code" text NOT NULL,
	"display_vi" text NOT NULL,
	"display_en" text NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"properties" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"source" text NOT NULL,
	"change_seq" bigint DEFAULT nextval('ytcs_change_seq') NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "referral_list_values_list_code_valid_from_pk" PRIMARY KEY("list","code","valid_from")
);
--> statement-breakpoint
CREATE TABLE "referrals" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"previous_id" uuid,
	"slip_number" text NOT NULL,
	"resident_id" uuid NOT NULL,
	"unit_path" "ltree" NOT NULL,
	"origin_facility_id" uuid NOT NULL,
	"origin_unit_path" "ltree" NOT NULL,
	"destination_facility_id" uuid NOT NULL,
	"destination_unit_path" "ltree" NOT NULL,
	"visit_id" uuid,
	"issued_on" date NOT NULL,
	"clinical_signs" text NOT NULL,
	"diagnosis_code" text NOT NULL,
	"diagnosis_text" text,
	"other_codes" text[] DEFAULT '{}'::text[] NOT NULL,
	"course" text NOT NULL,
	"test_results" text,
	"treatment_given" text,
	"services_used" text,
	"medicines_used" text,
	"reason_code" smallint NOT NULL,
	"reason_text" text,
	"treatment_plan" text NOT NULL,
	"condition_at_transfer" text NOT NULL,
	"transport" text NOT NULL,
	"escort_name" text,
	"escort_title" text,
	"clinician_id" uuid,
	"valid_until" date NOT NULL,
	"validity" text NOT NULL,
	"status" text NOT NULL,
	"received_at" timestamp with time zone,
	"received_by" text,
	"seen_on" date,
	"returned_at" timestamp with time zone,
	"feedback_on" date,
	"feedback_diagnosis_code" text,
	"feedback_findings" text,
	"feedback_treatment" text,
	"feedback_advice" text,
	"feedback_by" text,
	"re_examination_on" date,
	"recorded_by" text NOT NULL,
	"change_seq" bigint DEFAULT nextval('ytcs_change_seq') NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "referrals_kind_ck" CHECK ("referrals"."kind" in ('referral','re_examination')),
	CONSTRAINT "referrals_status_ck" CHECK ("referrals"."status" in ('sent','received','seen','returned')),
	CONSTRAINT "referrals_reason_ck" CHECK ("referrals"."reason_code" between 1 and 3),
	CONSTRAINT "referrals_facilities_ck" CHECK ("referrals"."origin_facility_id" <> "referrals"."destination_facility_id"),
	CONSTRAINT "referrals_validity_ck" CHECK ("referrals"."valid_until" >= "referrals"."issued_on")
);
--> statement-breakpoint
CREATE TABLE "teleconsultation_attachments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"consultation_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"media_type" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"content" "bytea" NOT NULL,
	"recorded_by" text NOT NULL,
	"change_seq" bigint DEFAULT nextval('ytcs_change_seq') NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "teleconsultation_attachments_size_ck" CHECK ("teleconsultation_attachments"."size_bytes" > 0 and "teleconsultation_attachments"."size_bytes" <= 2097152)
);
--> statement-breakpoint
CREATE TABLE "teleconsultations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"resident_id" uuid NOT NULL,
	"unit_path" "ltree" NOT NULL,
	"requesting_facility_id" uuid NOT NULL,
	"requesting_unit_path" "ltree" NOT NULL,
	"consulted_facility_id" uuid NOT NULL,
	"consulted_unit_path" "ltree" NOT NULL,
	"condition" text NOT NULL,
	"urgency" text NOT NULL,
	"summary" text NOT NULL,
	"question" text NOT NULL,
	"vitals" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"video_link" text,
	"requested_at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"answered_at" timestamp with time zone,
	"answer" text,
	"advice" text,
	"answered_by" text,
	"closed_at" timestamp with time zone,
	"recorded_by" text NOT NULL,
	"change_seq" bigint DEFAULT nextval('ytcs_change_seq') NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "teleconsultations_status_ck" CHECK ("teleconsultations"."status" in ('open','answered','closed')),
	CONSTRAINT "teleconsultations_urgency_ck" CHECK ("teleconsultations"."urgency" in ('routine','urgent')),
	CONSTRAINT "teleconsultations_facilities_ck" CHECK ("teleconsultations"."requesting_facility_id" <> "teleconsultations"."consulted_facility_id")
);
--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_resident_id_residents_id_fk" FOREIGN KEY ("resident_id") REFERENCES "public"."residents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_origin_facility_id_facilities_id_fk" FOREIGN KEY ("origin_facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_destination_facility_id_facilities_id_fk" FOREIGN KEY ("destination_facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_clinician_id_staff_members_id_fk" FOREIGN KEY ("clinician_id") REFERENCES "public"."staff_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teleconsultation_attachments" ADD CONSTRAINT "teleconsultation_attachments_consultation_id_teleconsultations_id_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."teleconsultations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teleconsultations" ADD CONSTRAINT "teleconsultations_resident_id_residents_id_fk" FOREIGN KEY ("resident_id") REFERENCES "public"."residents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teleconsultations" ADD CONSTRAINT "teleconsultations_requesting_facility_id_facilities_id_fk" FOREIGN KEY ("requesting_facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teleconsultations" ADD CONSTRAINT "teleconsultations_consulted_facility_id_facilities_id_fk" FOREIGN KEY ("consulted_facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "referrals_resident_idx" ON "referrals" USING btree ("resident_id","issued_on");--> statement-breakpoint
CREATE INDEX "referrals_unit_path_gist" ON "referrals" USING gist ("unit_path");--> statement-breakpoint
CREATE INDEX "referrals_origin_path_gist" ON "referrals" USING gist ("origin_unit_path");--> statement-breakpoint
CREATE INDEX "referrals_destination_idx" ON "referrals" USING btree ("destination_facility_id","status");--> statement-breakpoint
CREATE INDEX "referrals_visit_idx" ON "referrals" USING btree ("visit_id");--> statement-breakpoint
CREATE INDEX "referrals_change_seq_idx" ON "referrals" USING btree ("change_seq");--> statement-breakpoint
CREATE INDEX "teleconsultation_attachments_consultation_idx" ON "teleconsultation_attachments" USING btree ("consultation_id");--> statement-breakpoint
CREATE INDEX "teleconsultations_resident_idx" ON "teleconsultations" USING btree ("resident_id","requested_at");--> statement-breakpoint
CREATE INDEX "teleconsultations_consulted_idx" ON "teleconsultations" USING btree ("consulted_facility_id","status","requested_at");--> statement-breakpoint
CREATE INDEX "teleconsultations_requesting_path_gist" ON "teleconsultations" USING gist ("requesting_unit_path");--> statement-breakpoint
CREATE INDEX "teleconsultations_change_seq_idx" ON "teleconsultations" USING btree ("change_seq");--> statement-breakpoint
CREATE TRIGGER ytcs_touch_change_seq BEFORE UPDATE ON referral_holidays FOR EACH ROW EXECUTE FUNCTION ytcs_touch_change_seq();--> statement-breakpoint
CREATE TRIGGER ytcs_touch_change_seq BEFORE UPDATE ON referral_list_values FOR EACH ROW EXECUTE FUNCTION ytcs_touch_change_seq();--> statement-breakpoint
CREATE TRIGGER ytcs_touch_change_seq BEFORE UPDATE ON referrals FOR EACH ROW EXECUTE FUNCTION ytcs_touch_change_seq();--> statement-breakpoint
CREATE TRIGGER ytcs_touch_change_seq BEFORE UPDATE ON teleconsultations FOR EACH ROW EXECUTE FUNCTION ytcs_touch_change_seq();--> statement-breakpoint
CREATE TRIGGER ytcs_touch_change_seq BEFORE UPDATE ON teleconsultation_attachments FOR EACH ROW EXECUTE FUNCTION ytcs_touch_change_seq();
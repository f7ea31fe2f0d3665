CREATE TABLE "approved_positions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"facility_id" uuid NOT NULL,
	"title" text NOT NULL,
	"count" integer NOT NULL,
	"decision" text NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"unit_path" "ltree" NOT NULL,
	"change_seq" bigint DEFAULT nextval('ytcs_change_seq') NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "approved_positions_count_ck" CHECK ("approved_positions"."count" >= 0),
	CONSTRAINT "approved_positions_dates_ck" CHECK ("approved_positions"."valid_to" is null or "approved_positions"."valid_to" >= "approved_positions"."valid_from")
);
--> statement-breakpoint
CREATE TABLE "staff_certificates" (
	"id" uuid PRIMARY KEY NOT NULL,
	"staff_id" uuid NOT NULL,
	"number" text NOT NULL,
	"scope" text NOT NULL,
	"issued_by" text NOT NULL,
	"issued_on" date NOT NULL,
	"valid_to" date,
	"revoked_on" date,
	"revoked_reason" text,
	"change_seq" bigint DEFAULT nextval('ytcs_change_seq') NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "staff_certificates_dates_ck" CHECK ("staff_certificates"."valid_to" is null or "staff_certificates"."valid_to" >= "staff_certificates"."issued_on"),
	CONSTRAINT "staff_certificates_revoked_ck" CHECK ("staff_certificates"."revoked_on" is null or "staff_certificates"."revoked_on" >= "staff_certificates"."issued_on")
);
--> statement-breakpoint
CREATE TABLE "staff_trainings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"staff_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"course" text NOT NULL,
	"provider" text NOT NULL,
	"started_on" date NOT NULL,
	"ended_on" date NOT NULL,
	"hours" numeric NOT NULL,
	"certificate_no" text,
	"change_seq" bigint DEFAULT nextval('ytcs_change_seq') NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "staff_trainings_kind_ck" CHECK ("staff_trainings"."kind" in ('cme','vhw_basic','collaborator','other')),
	CONSTRAINT "staff_trainings_hours_ck" CHECK ("staff_trainings"."hours" > 0 and "staff_trainings"."hours" <= 2000),
	CONSTRAINT "staff_trainings_dates_ck" CHECK ("staff_trainings"."ended_on" >= "staff_trainings"."started_on")
);
--> statement-breakpoint
ALTER TABLE "approved_positions" ADD CONSTRAINT "approved_positions_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_certificates" ADD CONSTRAINT "staff_certificates_staff_id_staff_members_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_trainings" ADD CONSTRAINT "staff_trainings_staff_id_staff_members_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "approved_positions_uq" ON "approved_positions" USING btree ("facility_id","title","valid_from");--> statement-breakpoint
CREATE INDEX "approved_positions_unit_path_gist" ON "approved_positions" USING gist ("unit_path");--> statement-breakpoint
CREATE INDEX "approved_positions_change_seq_idx" ON "approved_positions" USING btree ("change_seq");--> statement-breakpoint
CREATE INDEX "staff_certificates_staff_idx" ON "staff_certificates" USING btree ("staff_id","issued_on");--> statement-breakpoint
CREATE UNIQUE INDEX "staff_certificates_number_uq" ON "staff_certificates" USING btree ("number");--> statement-breakpoint
CREATE INDEX "staff_certificates_change_seq_idx" ON "staff_certificates" USING btree ("change_seq");--> statement-breakpoint
CREATE INDEX "staff_trainings_staff_idx" ON "staff_trainings" USING btree ("staff_id","ended_on");--> statement-breakpoint
CREATE INDEX "staff_trainings_change_seq_idx" ON "staff_trainings" USING btree ("change_seq");--> statement-breakpoint
CREATE TRIGGER ytcs_touch_change_seq BEFORE UPDATE ON staff_certificates FOR EACH ROW EXECUTE FUNCTION ytcs_touch_change_seq();--> statement-breakpoint
CREATE TRIGGER ytcs_touch_change_seq BEFORE UPDATE ON approved_positions FOR EACH ROW EXECUTE FUNCTION ytcs_touch_change_seq();--> statement-breakpoint
CREATE TRIGGER ytcs_touch_change_seq BEFORE UPDATE ON staff_trainings FOR EACH ROW EXECUTE FUNCTION ytcs_touch_change_seq();

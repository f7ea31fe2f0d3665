CREATE TABLE "family_panel_registrations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"practice_id" uuid NOT NULL,
	"resident_id" uuid NOT NULL,
	"contract_no" text,
	"registered_on" date NOT NULL,
	"ended_on" date,
	"created_by" text NOT NULL,
	"change_seq" bigint DEFAULT nextval('ytcs_change_seq') NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "family_panel_registrations_dates_ck" CHECK ("family_panel_registrations"."ended_on" is null or "family_panel_registrations"."ended_on" >= "family_panel_registrations"."registered_on")
);
--> statement-breakpoint
CREATE TABLE "family_practice_doctors" (
	"id" uuid PRIMARY KEY NOT NULL,
	"practice_id" uuid NOT NULL,
	"staff_id" uuid,
	"full_name" text NOT NULL,
	"from_day" date NOT NULL,
	"to_day" date,
	"change_seq" bigint DEFAULT nextval('ytcs_change_seq') NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "family_practice_doctors_dates_ck" CHECK ("family_practice_doctors"."to_day" is null or "family_practice_doctors"."to_day" >= "family_practice_doctors"."from_day")
);
--> statement-breakpoint
CREATE TABLE "family_practices" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"facility_id" uuid,
	"unit_id" uuid NOT NULL,
	"unit_path" "ltree" NOT NULL,
	"licence_no" text,
	"opened_on" date NOT NULL,
	"closed_on" date,
	"created_by" text NOT NULL,
	"change_seq" bigint DEFAULT nextval('ytcs_change_seq') NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "family_practices_kind_ck" CHECK ("family_practices"."kind" in ('station','private')),
	CONSTRAINT "family_practices_dates_ck" CHECK ("family_practices"."closed_on" is null or "family_practices"."closed_on" >= "family_practices"."opened_on")
);
--> statement-breakpoint
ALTER TABLE "family_panel_registrations" ADD CONSTRAINT "family_panel_registrations_practice_id_family_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."family_practices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "family_panel_registrations" ADD CONSTRAINT "family_panel_registrations_resident_id_residents_id_fk" FOREIGN KEY ("resident_id") REFERENCES "public"."residents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "family_practice_doctors" ADD CONSTRAINT "family_practice_doctors_practice_id_family_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."family_practices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "family_practice_doctors" ADD CONSTRAINT "family_practice_doctors_staff_id_staff_members_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "family_practices" ADD CONSTRAINT "family_practices_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "family_practices" ADD CONSTRAINT "family_practices_unit_id_admin_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."admin_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "family_panel_registrations_practice_idx" ON "family_panel_registrations" USING btree ("practice_id");--> statement-breakpoint
CREATE UNIQUE INDEX "family_panel_registrations_open_uq" ON "family_panel_registrations" USING btree ("resident_id") WHERE "family_panel_registrations"."ended_on" is null;--> statement-breakpoint
CREATE INDEX "family_practice_doctors_practice_idx" ON "family_practice_doctors" USING btree ("practice_id");--> statement-breakpoint
CREATE INDEX "family_practice_doctors_change_seq_idx" ON "family_practice_doctors" USING btree ("change_seq");--> statement-breakpoint
CREATE INDEX "family_practices_unit_path_gist" ON "family_practices" USING gist ("unit_path");--> statement-breakpoint
CREATE INDEX "family_practices_change_seq_idx" ON "family_practices" USING btree ("change_seq");--> statement-breakpoint
CREATE TRIGGER ytcs_touch_change_seq BEFORE UPDATE ON family_practices FOR EACH ROW EXECUTE FUNCTION ytcs_touch_change_seq();--> statement-breakpoint
CREATE TRIGGER ytcs_touch_change_seq BEFORE UPDATE ON family_practice_doctors FOR EACH ROW EXECUTE FUNCTION ytcs_touch_change_seq();--> statement-breakpoint
CREATE TRIGGER ytcs_touch_change_seq BEFORE UPDATE ON family_panel_registrations FOR EACH ROW EXECUTE FUNCTION ytcs_touch_change_seq();

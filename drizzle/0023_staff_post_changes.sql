-- A staff member's post as it was (issue 13): an update that changes the title, facility, hamlet,
-- full time or trained keeps the values it replaces, with the day of the change, so T1, T2 and T12
-- read each post as it was on the period's day. No history exists before this migration: existing
-- staff keep their current post for every day (today's figures unchanged).
CREATE TABLE "staff_post_changes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"staff_id" uuid NOT NULL,
	"changed_on" date NOT NULL,
	"title" text NOT NULL,
	"facility_id" uuid,
	"hamlet_id" uuid,
	"unit_path" "ltree" NOT NULL,
	"full_time" boolean NOT NULL,
	"trained" boolean NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"recorded_by" text NOT NULL,
	"change_seq" bigint DEFAULT nextval('ytcs_change_seq') NOT NULL
);
--> statement-breakpoint
ALTER TABLE "staff_post_changes" ADD CONSTRAINT "staff_post_changes_staff_id_staff_members_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_post_changes" ADD CONSTRAINT "staff_post_changes_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_post_changes" ADD CONSTRAINT "staff_post_changes_hamlet_id_admin_units_id_fk" FOREIGN KEY ("hamlet_id") REFERENCES "public"."admin_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "staff_post_changes_staff_idx" ON "staff_post_changes" USING btree ("staff_id","changed_on");--> statement-breakpoint
CREATE INDEX "staff_post_changes_change_seq_idx" ON "staff_post_changes" USING btree ("change_seq");
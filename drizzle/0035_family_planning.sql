CREATE TABLE "family_planning_episodes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"resident_id" uuid NOT NULL,
	"unit_path" "ltree" NOT NULL,
	"method" text NOT NULL,
	"started_on" date NOT NULL,
	"stopped_on" date,
	"stop_reason" text,
	"recorded_by" text NOT NULL,
	"change_seq" bigint DEFAULT nextval('ytcs_change_seq') NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "family_planning_dates_ck" CHECK ("family_planning_episodes"."stopped_on" is null or "family_planning_episodes"."stopped_on" >= "family_planning_episodes"."started_on")
);
--> statement-breakpoint
ALTER TABLE "family_planning_episodes" ADD CONSTRAINT "family_planning_episodes_resident_id_residents_id_fk" FOREIGN KEY ("resident_id") REFERENCES "public"."residents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "family_planning_resident_idx" ON "family_planning_episodes" USING btree ("resident_id","started_on");--> statement-breakpoint
CREATE INDEX "family_planning_unit_path_gist" ON "family_planning_episodes" USING gist ("unit_path");--> statement-breakpoint
CREATE INDEX "family_planning_change_seq_idx" ON "family_planning_episodes" USING btree ("change_seq");--> statement-breakpoint
CREATE UNIQUE INDEX "family_planning_in_use_uq" ON "family_planning_episodes" USING btree ("resident_id") WHERE "family_planning_episodes"."stopped_on" is null;--> statement-breakpoint
CREATE TRIGGER ytcs_touch_change_seq BEFORE UPDATE ON family_planning_episodes FOR EACH ROW EXECUTE FUNCTION ytcs_touch_change_seq();

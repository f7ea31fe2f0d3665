CREATE TABLE "equipment_counts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"facility_id" uuid NOT NULL,
	"unit_path" "ltree" NOT NULL,
	"item_code" text NOT NULL,
	"counted_on" date NOT NULL,
	"working" integer NOT NULL,
	"broken" integer NOT NULL,
	"created_by" text NOT NULL,
	"change_seq" bigint DEFAULT nextval('ytcs_change_seq') NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "equipment_counts_nonnegative_ck" CHECK ("equipment_counts"."working" >= 0 AND "equipment_counts"."broken" >= 0)
);
--> statement-breakpoint
CREATE TABLE "equipment_list_items" (
	"list_id" uuid NOT NULL,
	"code" text NOT NULL,
	"sort_order" integer NOT NULL,
	"group_vi" text NOT NULL,
	"name_vi" text NOT NULL,
	"name_en" text NOT NULL,
	"unit_vi" text NOT NULL,
	"qty" jsonb NOT NULL,
	"checked" boolean NOT NULL
);
--> statement-breakpoint
CREATE TABLE "equipment_lists" (
	"id" uuid PRIMARY KEY NOT NULL,
	"version" integer NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"source" text NOT NULL,
	"file_name" text NOT NULL,
	"checksum" text NOT NULL,
	"loaded_by" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "equipment_lists_dates_ck" CHECK ("equipment_lists"."valid_to" IS NULL OR "equipment_lists"."valid_to" >= "equipment_lists"."valid_from")
);
--> statement-breakpoint
CREATE TABLE "ethnic_minority_communes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"unit_id" uuid NOT NULL,
	"unit_path" "ltree" NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"decision" text NOT NULL,
	"area" text,
	"loaded_by" text NOT NULL,
	"change_seq" bigint DEFAULT nextval('ytcs_change_seq') NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ethnic_minority_communes_dates_ck" CHECK ("ethnic_minority_communes"."valid_to" IS NULL OR "ethnic_minority_communes"."valid_to" >= "ethnic_minority_communes"."valid_from")
);
--> statement-breakpoint
CREATE TABLE "facility_beds" (
	"id" uuid PRIMARY KEY NOT NULL,
	"facility_id" uuid NOT NULL,
	"unit_path" "ltree" NOT NULL,
	"from_day" date NOT NULL,
	"beds" integer NOT NULL,
	"note" text,
	"created_by" text NOT NULL,
	"change_seq" bigint DEFAULT nextval('ytcs_change_seq') NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "facility_beds_beds_ck" CHECK ("facility_beds"."beds" >= 0)
);
--> statement-breakpoint
CREATE TABLE "facility_buildings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"facility_id" uuid NOT NULL,
	"unit_path" "ltree" NOT NULL,
	"recorded_on" date NOT NULL,
	"year_built" integer,
	"year_renovated" integer,
	"condition" text NOT NULL,
	"floor_area_m2" numeric(8, 1),
	"rooms" integer,
	"clean_water" boolean NOT NULL,
	"latrine" text NOT NULL,
	"power" boolean NOT NULL,
	"internet" boolean NOT NULL,
	"note" text,
	"created_by" text NOT NULL,
	"change_seq" bigint DEFAULT nextval('ytcs_change_seq') NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "facility_buildings_rooms_ck" CHECK ("facility_buildings"."rooms" IS NULL OR "facility_buildings"."rooms" >= 0),
	CONSTRAINT "facility_buildings_area_ck" CHECK ("facility_buildings"."floor_area_m2" IS NULL OR "facility_buildings"."floor_area_m2" >= 0),
	CONSTRAINT "facility_buildings_years_ck" CHECK ("facility_buildings"."year_renovated" IS NULL OR "facility_buildings"."year_built" IS NULL OR "facility_buildings"."year_renovated" >= "facility_buildings"."year_built")
);
--> statement-breakpoint
CREATE TABLE "investment_disbursements" (
	"id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"paid_on" date NOT NULL,
	"amount" numeric(18, 0) NOT NULL,
	"note" text,
	"created_by" text NOT NULL,
	"change_seq" bigint DEFAULT nextval('ytcs_change_seq') NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "investment_disbursements_amount_ck" CHECK ("investment_disbursements"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "investment_milestones" (
	"id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"name" text NOT NULL,
	"due_on" date NOT NULL,
	"done_on" date,
	"change_seq" bigint DEFAULT nextval('ytcs_change_seq') NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "investment_project_facilities" (
	"project_id" uuid NOT NULL,
	"facility_id" uuid NOT NULL,
	"unit_path" "ltree" NOT NULL,
	"change_seq" bigint DEFAULT nextval('ytcs_change_seq') NOT NULL
);
--> statement-breakpoint
CREATE TABLE "investment_projects" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"funding_source" text NOT NULL,
	"kind" text NOT NULL,
	"unit_id" uuid NOT NULL,
	"unit_path" "ltree" NOT NULL,
	"decision_no" text,
	"approved_on" date NOT NULL,
	"budget" numeric(18, 0) NOT NULL,
	"status" text NOT NULL,
	"completed_on" date,
	"created_by" text NOT NULL,
	"change_seq" bigint DEFAULT nextval('ytcs_change_seq') NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "investment_projects_kind_ck" CHECK ("investment_projects"."kind" IN ('construction','renovation','equipment')),
	CONSTRAINT "investment_projects_status_ck" CHECK ("investment_projects"."status" IN ('approved','in_progress','completed','suspended','cancelled')),
	CONSTRAINT "investment_projects_budget_ck" CHECK ("investment_projects"."budget" > 0),
	CONSTRAINT "investment_projects_completed_ck" CHECK (("investment_projects"."status" = 'completed') = ("investment_projects"."completed_on" IS NOT NULL) AND ("investment_projects"."completed_on" IS NULL OR "investment_projects"."completed_on" >= "investment_projects"."approved_on"))
);
--> statement-breakpoint
CREATE TABLE "plan_targets" (
	"id" uuid PRIMARY KEY NOT NULL,
	"plan_id" uuid NOT NULL,
	"ordinal" integer NOT NULL,
	"text_vi" text NOT NULL,
	"indicator_code" text NOT NULL,
	"measure" text NOT NULL,
	"operator" text NOT NULL,
	"target_value" numeric(14, 2) NOT NULL,
	"deadline" date NOT NULL,
	"agency" text NOT NULL,
	"change_seq" bigint DEFAULT nextval('ytcs_change_seq') NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plan_targets_measure_ck" CHECK ("plan_targets"."measure" IN ('value','numerator')),
	CONSTRAINT "plan_targets_operator_ck" CHECK ("plan_targets"."operator" IN ('>=','>','<=','<'))
);
--> statement-breakpoint
CREATE TABLE "plans" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"title" text NOT NULL,
	"issuer" text NOT NULL,
	"issued_on" date NOT NULL,
	"unit_id" uuid NOT NULL,
	"unit_path" "ltree" NOT NULL,
	"ends_on" date NOT NULL,
	"source" text,
	"created_by" text NOT NULL,
	"change_seq" bigint DEFAULT nextval('ytcs_change_seq') NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plans_dates_ck" CHECK ("plans"."ends_on" >= "plans"."issued_on")
);
--> statement-breakpoint
ALTER TABLE "equipment_counts" ADD CONSTRAINT "equipment_counts_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "equipment_list_items" ADD CONSTRAINT "equipment_list_items_list_id_equipment_lists_id_fk" FOREIGN KEY ("list_id") REFERENCES "public"."equipment_lists"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ethnic_minority_communes" ADD CONSTRAINT "ethnic_minority_communes_unit_id_admin_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."admin_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "facility_beds" ADD CONSTRAINT "facility_beds_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "facility_buildings" ADD CONSTRAINT "facility_buildings_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "investment_disbursements" ADD CONSTRAINT "investment_disbursements_project_id_investment_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."investment_projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "investment_milestones" ADD CONSTRAINT "investment_milestones_project_id_investment_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."investment_projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "investment_project_facilities" ADD CONSTRAINT "investment_project_facilities_project_id_investment_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."investment_projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "investment_project_facilities" ADD CONSTRAINT "investment_project_facilities_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "investment_projects" ADD CONSTRAINT "investment_projects_unit_id_admin_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."admin_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_targets" ADD CONSTRAINT "plan_targets_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plans" ADD CONSTRAINT "plans_unit_id_admin_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."admin_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "equipment_counts_day_uq" ON "equipment_counts" USING btree ("facility_id","item_code","counted_on");--> statement-breakpoint
CREATE INDEX "equipment_counts_change_seq_idx" ON "equipment_counts" USING btree ("change_seq");--> statement-breakpoint
CREATE UNIQUE INDEX "equipment_list_items_uq" ON "equipment_list_items" USING btree ("list_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "equipment_lists_version_uq" ON "equipment_lists" USING btree ("version");--> statement-breakpoint
CREATE UNIQUE INDEX "ethnic_minority_communes_uq" ON "ethnic_minority_communes" USING btree ("unit_id","valid_from");--> statement-breakpoint
CREATE INDEX "ethnic_minority_communes_unit_path_gist" ON "ethnic_minority_communes" USING gist ("unit_path");--> statement-breakpoint
CREATE INDEX "ethnic_minority_communes_change_seq_idx" ON "ethnic_minority_communes" USING btree ("change_seq");--> statement-breakpoint
CREATE UNIQUE INDEX "facility_beds_day_uq" ON "facility_beds" USING btree ("facility_id","from_day");--> statement-breakpoint
CREATE INDEX "facility_beds_unit_path_gist" ON "facility_beds" USING gist ("unit_path");--> statement-breakpoint
CREATE INDEX "facility_beds_change_seq_idx" ON "facility_beds" USING btree ("change_seq");--> statement-breakpoint
CREATE INDEX "facility_buildings_facility_idx" ON "facility_buildings" USING btree ("facility_id","recorded_on");--> statement-breakpoint
CREATE INDEX "facility_buildings_change_seq_idx" ON "facility_buildings" USING btree ("change_seq");--> statement-breakpoint
CREATE INDEX "investment_disbursements_project_idx" ON "investment_disbursements" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "investment_milestones_project_idx" ON "investment_milestones" USING btree ("project_id");--> statement-breakpoint
CREATE UNIQUE INDEX "investment_project_facilities_uq" ON "investment_project_facilities" USING btree ("project_id","facility_id");--> statement-breakpoint
CREATE INDEX "investment_project_facilities_facility_idx" ON "investment_project_facilities" USING btree ("facility_id");--> statement-breakpoint
CREATE INDEX "investment_project_facilities_change_seq_idx" ON "investment_project_facilities" USING btree ("change_seq");--> statement-breakpoint
CREATE INDEX "investment_projects_unit_path_gist" ON "investment_projects" USING gist ("unit_path");--> statement-breakpoint
CREATE INDEX "investment_projects_change_seq_idx" ON "investment_projects" USING btree ("change_seq");--> statement-breakpoint
CREATE UNIQUE INDEX "plan_targets_ordinal_uq" ON "plan_targets" USING btree ("plan_id","ordinal");--> statement-breakpoint
CREATE UNIQUE INDEX "plans_unit_number_uq" ON "plans" USING btree ("unit_id","number");--> statement-breakpoint
CREATE INDEX "plans_unit_path_gist" ON "plans" USING gist ("unit_path");--> statement-breakpoint
CREATE TRIGGER ytcs_touch_change_seq BEFORE UPDATE ON facility_buildings FOR EACH ROW EXECUTE FUNCTION ytcs_touch_change_seq();--> statement-breakpoint
CREATE TRIGGER ytcs_touch_change_seq BEFORE UPDATE ON facility_beds FOR EACH ROW EXECUTE FUNCTION ytcs_touch_change_seq();--> statement-breakpoint
CREATE TRIGGER ytcs_touch_change_seq BEFORE UPDATE ON equipment_counts FOR EACH ROW EXECUTE FUNCTION ytcs_touch_change_seq();--> statement-breakpoint
CREATE TRIGGER ytcs_touch_change_seq BEFORE UPDATE ON ethnic_minority_communes FOR EACH ROW EXECUTE FUNCTION ytcs_touch_change_seq();--> statement-breakpoint
CREATE TRIGGER ytcs_touch_change_seq BEFORE UPDATE ON investment_projects FOR EACH ROW EXECUTE FUNCTION ytcs_touch_change_seq();--> statement-breakpoint
CREATE TRIGGER ytcs_touch_change_seq BEFORE UPDATE ON investment_project_facilities FOR EACH ROW EXECUTE FUNCTION ytcs_touch_change_seq();--> statement-breakpoint
CREATE TRIGGER ytcs_touch_change_seq BEFORE UPDATE ON investment_disbursements FOR EACH ROW EXECUTE FUNCTION ytcs_touch_change_seq();--> statement-breakpoint
CREATE TRIGGER ytcs_touch_change_seq BEFORE UPDATE ON investment_milestones FOR EACH ROW EXECUTE FUNCTION ytcs_touch_change_seq();--> statement-breakpoint
CREATE TRIGGER ytcs_touch_change_seq BEFORE UPDATE ON plans FOR EACH ROW EXECUTE FUNCTION ytcs_touch_change_seq();--> statement-breakpoint
CREATE TRIGGER ytcs_touch_change_seq BEFORE UPDATE ON plan_targets FOR EACH ROW EXECUTE FUNCTION ytcs_touch_change_seq();

CREATE TABLE "catalogue_items" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"unit" text NOT NULL,
	"price" numeric(14, 2) NOT NULL,
	"insurance_covered" boolean DEFAULT true NOT NULL,
	"active_ingredient" text,
	"strength" text,
	"route" text,
	"registration_number" text,
	"group_name" text,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"source" text,
	"demo" boolean DEFAULT false NOT NULL,
	"change_seq" bigint DEFAULT nextval('ytcs_change_seq') NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "catalogue_items_kind_ck" CHECK ("catalogue_items"."kind" in ('service','drug','supply')),
	CONSTRAINT "catalogue_items_price_ck" CHECK ("catalogue_items"."price" >= 0),
	CONSTRAINT "catalogue_items_dates_ck" CHECK ("catalogue_items"."valid_to" is null or "catalogue_items"."valid_to" > "catalogue_items"."valid_from")
);
--> statement-breakpoint
CREATE TABLE "station_services" (
	"facility_id" uuid NOT NULL,
	"service_code" text NOT NULL,
	"declared_at" timestamp with time zone DEFAULT now() NOT NULL,
	"declared_by" text NOT NULL,
	"change_seq" bigint DEFAULT nextval('ytcs_change_seq') NOT NULL,
	CONSTRAINT "station_services_facility_id_service_code_pk" PRIMARY KEY("facility_id","service_code")
);
--> statement-breakpoint
CREATE TABLE "visit_versions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"visit_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"document" jsonb NOT NULL,
	"reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by_id" uuid,
	"created_by" text NOT NULL,
	"change_seq" bigint DEFAULT nextval('ytcs_change_seq') NOT NULL,
	CONSTRAINT "visit_versions_kind_ck" CHECK ("visit_versions"."kind" in ('create','update','finish','correct'))
);
--> statement-breakpoint
CREATE TABLE "visits" (
	"id" uuid PRIMARY KEY NOT NULL,
	"resident_id" uuid NOT NULL,
	"facility_id" uuid NOT NULL,
	"unit_path" "ltree" NOT NULL,
	"visit_date" date NOT NULL,
	"status" text NOT NULL,
	"current_version" integer NOT NULL,
	"clinician_id" uuid NOT NULL,
	"main_diagnosis" text,
	"payment_method" text NOT NULL,
	"benefit_level" smallint,
	"total_amount" numeric(14, 2) NOT NULL,
	"insurer_amount" numeric(14, 2) NOT NULL,
	"patient_amount" numeric(14, 2) NOT NULL,
	"finished_at" timestamp with time zone,
	"change_seq" bigint DEFAULT nextval('ytcs_change_seq') NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "visits_status_ck" CHECK ("visits"."status" in ('draft','finished')),
	CONSTRAINT "visits_payment_ck" CHECK ("visits"."payment_method" in ('insurance','self_pay')),
	CONSTRAINT "visits_finished_ck" CHECK (("visits"."status" = 'finished') = ("visits"."finished_at" is not null)),
	CONSTRAINT "visits_amounts_ck" CHECK ("visits"."total_amount" >= 0 AND "visits"."insurer_amount" >= 0 AND "visits"."patient_amount" >= 0 AND "visits"."insurer_amount" + "visits"."patient_amount" = "visits"."total_amount")
);
--> statement-breakpoint
ALTER TABLE "station_services" ADD CONSTRAINT "station_services_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit_versions" ADD CONSTRAINT "visit_versions_visit_id_visits_id_fk" FOREIGN KEY ("visit_id") REFERENCES "public"."visits"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visits" ADD CONSTRAINT "visits_resident_id_residents_id_fk" FOREIGN KEY ("resident_id") REFERENCES "public"."residents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visits" ADD CONSTRAINT "visits_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visits" ADD CONSTRAINT "visits_clinician_id_staff_members_id_fk" FOREIGN KEY ("clinician_id") REFERENCES "public"."staff_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "catalogue_items_uq" ON "catalogue_items" USING btree ("kind","code","valid_from");--> statement-breakpoint
CREATE INDEX "catalogue_items_change_seq_idx" ON "catalogue_items" USING btree ("change_seq");--> statement-breakpoint
CREATE UNIQUE INDEX "visit_versions_uq" ON "visit_versions" USING btree ("visit_id","version");--> statement-breakpoint
CREATE INDEX "visit_versions_change_seq_idx" ON "visit_versions" USING btree ("change_seq");--> statement-breakpoint
CREATE INDEX "visits_facility_date_idx" ON "visits" USING btree ("facility_id","visit_date");--> statement-breakpoint
CREATE INDEX "visits_resident_date_idx" ON "visits" USING btree ("resident_id","visit_date");--> statement-breakpoint
CREATE INDEX "visits_unit_path_gist" ON "visits" USING gist ("unit_path");--> statement-breakpoint
CREATE INDEX "visits_date_idx" ON "visits" USING btree ("visit_date");--> statement-breakpoint
CREATE INDEX "visits_change_seq_idx" ON "visits" USING btree ("change_seq");
CREATE TABLE "immunization_vaccine_lots" (
	"id" uuid PRIMARY KEY NOT NULL,
	"province_path" "ltree" NOT NULL,
	"vaccine" text NOT NULL,
	"lot_number" text NOT NULL,
	"expires_on" date NOT NULL,
	"manufacturer" text NOT NULL,
	"received_quantity" integer,
	"source_name" text NOT NULL,
	"created_by" text NOT NULL,
	"change_seq" bigint DEFAULT nextval('ytcs_change_seq') NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "immunization_vaccine_lots_quantity_ck" CHECK ("immunization_vaccine_lots"."received_quantity" IS NULL OR "immunization_vaccine_lots"."received_quantity" >= 0)
);
--> statement-breakpoint
CREATE TABLE "immunization_vial_use" (
	"id" uuid PRIMARY KEY NOT NULL,
	"facility_id" uuid NOT NULL,
	"unit_path" "ltree" NOT NULL,
	"session_on" date NOT NULL,
	"vaccine" text NOT NULL,
	"lot" text,
	"vials_opened" integer NOT NULL,
	"recorded_by" text NOT NULL,
	"change_seq" bigint DEFAULT nextval('ytcs_change_seq') NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "immunization_vial_use_uq" UNIQUE NULLS NOT DISTINCT("facility_id","session_on","vaccine","lot"),
	CONSTRAINT "immunization_vial_use_vials_ck" CHECK ("immunization_vial_use"."vials_opened" >= 0)
);
--> statement-breakpoint
ALTER TABLE "immunization_vial_use" ADD CONSTRAINT "immunization_vial_use_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "immunization_vaccine_lots_uq" ON "immunization_vaccine_lots" USING btree ("province_path","vaccine","lot_number");--> statement-breakpoint
CREATE INDEX "immunization_vaccine_lots_lot_idx" ON "immunization_vaccine_lots" USING btree ("lot_number");--> statement-breakpoint
CREATE INDEX "immunization_vaccine_lots_change_seq_idx" ON "immunization_vaccine_lots" USING btree ("change_seq");--> statement-breakpoint
CREATE INDEX "immunization_vial_use_unit_path_gist" ON "immunization_vial_use" USING gist ("unit_path");--> statement-breakpoint
CREATE INDEX "immunization_vial_use_change_seq_idx" ON "immunization_vial_use" USING btree ("change_seq");
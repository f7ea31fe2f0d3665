CREATE TABLE "people_imports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"unit_id" uuid NOT NULL,
	"unit_path" "ltree" NOT NULL,
	"file_name" text NOT NULL,
	"format" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"dry_run" boolean DEFAULT false NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"validated" integer DEFAULT 0 NOT NULL,
	"written" integer DEFAULT 0 NOT NULL,
	"created" jsonb DEFAULT '{"households":0,"residents":0,"cards":0}'::jsonb NOT NULL,
	"unknown_columns" text[] DEFAULT '{}'::text[] NOT NULL,
	"error_count" integer DEFAULT 0 NOT NULL,
	"errors" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"message" text,
	"created_by_id" uuid,
	"created_by" text,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "people_imports_format_ck" CHECK ("people_imports"."format" in ('csv','xlsx')),
	CONSTRAINT "people_imports_status_ck" CHECK ("people_imports"."status" in ('queued','validating','writing','done','failed'))
);
--> statement-breakpoint
ALTER TABLE "people_imports" ADD CONSTRAINT "people_imports_unit_id_admin_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."admin_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "people_imports_unit_path_gist" ON "people_imports" USING gist ("unit_path");--> statement-breakpoint
CREATE INDEX "people_imports_status_idx" ON "people_imports" USING btree ("status");
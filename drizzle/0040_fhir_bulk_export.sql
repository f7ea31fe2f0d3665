CREATE TABLE "fhir_export_lines" (
	"export_id" uuid NOT NULL,
	"type" text NOT NULL,
	"seq" integer NOT NULL,
	"resource_id" text NOT NULL,
	"line" text NOT NULL,
	CONSTRAINT "fhir_export_lines_export_id_type_seq_pk" PRIMARY KEY("export_id","type","seq")
);
--> statement-breakpoint
CREATE TABLE "fhir_exports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"group_id" uuid,
	"types" text[] NOT NULL,
	"since" timestamp with time zone,
	"request" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"requested_by_id" uuid,
	"requested_by" text NOT NULL,
	"role" text NOT NULL,
	"scope_path" "ltree" NOT NULL,
	"cursor" text DEFAULT '' NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"done" integer DEFAULT 0 NOT NULL,
	"counts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"transaction_time" timestamp with time zone DEFAULT now() NOT NULL,
	"error" text,
	"finished_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fhir_exports_kind_ck" CHECK (kind IN ('system', 'patient', 'group')),
	CONSTRAINT "fhir_exports_status_ck" CHECK (status IN ('queued', 'running', 'done', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "fhir_export_lines" ADD CONSTRAINT "fhir_export_lines_export_id_fhir_exports_id_fk" FOREIGN KEY ("export_id") REFERENCES "public"."fhir_exports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "fhir_export_lines_resource_uq" ON "fhir_export_lines" USING btree ("export_id","type","resource_id");--> statement-breakpoint
CREATE INDEX "fhir_exports_requester_idx" ON "fhir_exports" USING btree ("requested_by","created_at");--> statement-breakpoint
CREATE INDEX "fhir_exports_unfinished_idx" ON "fhir_exports" USING btree ("status") WHERE status IN ('queued', 'running');
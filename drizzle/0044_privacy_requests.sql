CREATE TABLE "personal_data_requests" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"resident_id" uuid NOT NULL,
	"unit_path" "ltree" NOT NULL,
	"status" text NOT NULL,
	"categories" jsonb NOT NULL,
	"requested_by" text NOT NULL,
	"requester_name" text NOT NULL,
	"received_on" date NOT NULL,
	"note" text,
	"rules_version" text NOT NULL,
	"outcomes" jsonb NOT NULL,
	"received_by" text,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "personal_data_requests_kind_ck" CHECK ("personal_data_requests"."kind" in ('access','erasure')),
	CONSTRAINT "personal_data_requests_status_ck" CHECK ("personal_data_requests"."status" in ('received','carried_out','refused')),
	CONSTRAINT "personal_data_requests_refusal_ck" CHECK ("personal_data_requests"."status" <> 'refused' OR "personal_data_requests"."reason" IS NOT NULL)
);
--> statement-breakpoint
CREATE TABLE "retention_rule_sets" (
	"version" text PRIMARY KEY NOT NULL,
	"valid_from" date NOT NULL,
	"source" text NOT NULL,
	"rules" jsonb NOT NULL,
	"loaded_by" text,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "retention_rule_sets_from_uq" UNIQUE("valid_from")
);
--> statement-breakpoint
ALTER TABLE "personal_data_requests" ADD CONSTRAINT "personal_data_requests_resident_id_residents_id_fk" FOREIGN KEY ("resident_id") REFERENCES "public"."residents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "personal_data_requests" ADD CONSTRAINT "personal_data_requests_rules_version_retention_rule_sets_version_fk" FOREIGN KEY ("rules_version") REFERENCES "public"."retention_rule_sets"("version") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "personal_data_requests_resident_idx" ON "personal_data_requests" USING btree ("resident_id");--> statement-breakpoint
CREATE INDEX "personal_data_requests_unit_gist" ON "personal_data_requests" USING gist ("unit_path");
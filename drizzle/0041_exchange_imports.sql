CREATE TABLE "exchange_imported_values" (
	"import_id" uuid NOT NULL,
	"idx" integer NOT NULL,
	"data_element" text NOT NULL,
	"category_option_combo" text,
	"org_unit" text NOT NULL,
	"dhis2_period" text NOT NULL,
	"indicator" text NOT NULL,
	"part" text NOT NULL,
	"unit_code" text NOT NULL,
	"unit_path" "ltree" NOT NULL,
	"period" text NOT NULL,
	"value" double precision NOT NULL,
	"stored_by" text,
	CONSTRAINT "exchange_imported_values_import_id_idx_pk" PRIMARY KEY("import_id","idx"),
	CONSTRAINT "exchange_imported_values_part_ck" CHECK (part IN ('value', 'numerator', 'denominator'))
);
--> statement-breakpoint
CREATE TABLE "exchange_imports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"data_set" text,
	"complete_date" text,
	"scope_path" "ltree" NOT NULL,
	"value_count" integer NOT NULL,
	"updated_count" integer DEFAULT 0 NOT NULL,
	"imported_by_id" uuid,
	"imported_by" text NOT NULL,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "exchange_imported_values" ADD CONSTRAINT "exchange_imported_values_import_id_exchange_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."exchange_imports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "exchange_imported_values_key_idx" ON "exchange_imported_values" USING btree ("indicator","part","unit_code","period");--> statement-breakpoint
CREATE INDEX "exchange_imports_scope_idx" ON "exchange_imports" USING gist ("scope_path");
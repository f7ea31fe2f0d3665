CREATE TABLE "resident_duplicate_dismissals" (
	"id" uuid PRIMARY KEY NOT NULL,
	"first_id" uuid NOT NULL,
	"second_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"dismissed_by" text,
	"dismissed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"change_seq" bigint DEFAULT nextval('ytcs_change_seq') NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "resident_duplicate_dismissals_order_ck" CHECK ("resident_duplicate_dismissals"."first_id" < "resident_duplicate_dismissals"."second_id")
);
--> statement-breakpoint
ALTER TABLE "resident_duplicate_dismissals" ADD CONSTRAINT "resident_duplicate_dismissals_first_id_residents_id_fk" FOREIGN KEY ("first_id") REFERENCES "public"."residents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resident_duplicate_dismissals" ADD CONSTRAINT "resident_duplicate_dismissals_second_id_residents_id_fk" FOREIGN KEY ("second_id") REFERENCES "public"."residents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "resident_duplicate_dismissals_pair_uq" ON "resident_duplicate_dismissals" USING btree ("first_id","second_id");--> statement-breakpoint
CREATE INDEX "resident_duplicate_dismissals_second_idx" ON "resident_duplicate_dismissals" USING btree ("second_id");--> statement-breakpoint
CREATE INDEX "resident_duplicate_dismissals_change_seq_idx" ON "resident_duplicate_dismissals" USING btree ("change_seq");
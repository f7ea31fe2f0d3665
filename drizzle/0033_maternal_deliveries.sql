CREATE TABLE "postnatal_contacts" (
	"visit_id" uuid PRIMARY KEY NOT NULL,
	"pregnancy_id" uuid NOT NULL,
	"unit_path" "ltree" NOT NULL,
	"contact_on" date NOT NULL,
	"day_after_birth" smallint NOT NULL,
	"systolic" smallint,
	"diastolic" smallint,
	"abnormal_bleeding" text,
	"breastfeeding" text,
	"newborn_weight_g" smallint,
	"newborn_jaundice" text,
	"note" text,
	"recorded_by" text NOT NULL,
	"change_seq" bigint DEFAULT nextval('ytcs_change_seq') NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "antenatal_contacts" ADD COLUMN "trimester" smallint NOT NULL;--> statement-breakpoint
ALTER TABLE "pregnancies" ADD COLUMN "delivery_place" text;--> statement-breakpoint
ALTER TABLE "pregnancies" ADD COLUMN "delivery_attendant" text;--> statement-breakpoint
ALTER TABLE "pregnancies" ADD COLUMN "delivery_mode" text;--> statement-breakpoint
ALTER TABLE "pregnancies" ADD COLUMN "births" smallint;--> statement-breakpoint
ALTER TABLE "pregnancies" ADD COLUMN "birth_weight_g" smallint;--> statement-breakpoint
ALTER TABLE "pregnancies" ADD COLUMN "child_id" uuid;--> statement-breakpoint
ALTER TABLE "postnatal_contacts" ADD CONSTRAINT "postnatal_contacts_pregnancy_id_pregnancies_id_fk" FOREIGN KEY ("pregnancy_id") REFERENCES "public"."pregnancies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "postnatal_contacts_pregnancy_idx" ON "postnatal_contacts" USING btree ("pregnancy_id","contact_on");--> statement-breakpoint
CREATE INDEX "postnatal_contacts_change_seq_idx" ON "postnatal_contacts" USING btree ("change_seq");--> statement-breakpoint
CREATE TRIGGER ytcs_touch_change_seq BEFORE UPDATE ON postnatal_contacts FOR EACH ROW EXECUTE FUNCTION ytcs_touch_change_seq();

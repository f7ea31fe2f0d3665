-- T8 history (issue 13): a station's declared services get a validity, so a past month reads the
-- services declared then. A row is a declaration valid from `declared_from` until `withdrawn_on`
-- (exclusive); withdrawals close the row instead of deleting it.
-- Existing rows are valid from the Vietnamese day they were declared (`declared_at`): the only day a
-- declaration is known to have been made. Today's figures (and every day since the declaration) are
-- unchanged; months before it no longer count services nobody had declared yet.
ALTER TABLE "station_services" ADD COLUMN "declared_from" date;--> statement-breakpoint
ALTER TABLE "station_services" ADD COLUMN "withdrawn_on" date;--> statement-breakpoint
ALTER TABLE "station_services" ADD COLUMN "withdrawn_by" text;--> statement-breakpoint
-- Withdrawals are updates now: they must raise change_seq, or stored T8 values would not go stale.
CREATE TRIGGER ytcs_touch_change_seq BEFORE UPDATE ON station_services FOR EACH ROW EXECUTE FUNCTION ytcs_touch_change_seq();--> statement-breakpoint
-- (The update raises change_seq through the trigger: stored T8 values of past months are recomputed.)
UPDATE "station_services" SET "declared_from" = ("declared_at" AT TIME ZONE 'Asia/Ho_Chi_Minh')::date;--> statement-breakpoint
ALTER TABLE "station_services" ALTER COLUMN "declared_from" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "station_services" DROP CONSTRAINT "station_services_facility_id_service_code_pk";--> statement-breakpoint
ALTER TABLE "station_services" ADD CONSTRAINT "station_services_facility_id_service_code_declared_from_pk" PRIMARY KEY("facility_id","service_code","declared_from");--> statement-breakpoint
CREATE UNIQUE INDEX "station_services_open_uq" ON "station_services" USING btree ("facility_id","service_code") WHERE "station_services"."withdrawn_on" is null;--> statement-breakpoint
CREATE INDEX "station_services_change_seq_idx" ON "station_services" USING btree ("change_seq");--> statement-breakpoint
ALTER TABLE "station_services" ADD CONSTRAINT "station_services_dates_ck" CHECK ("station_services"."withdrawn_on" is null or "station_services"."withdrawn_on" >= "station_services"."declared_from");

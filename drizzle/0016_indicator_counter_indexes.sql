-- Indicators at province scale (bench/indicators-scale.ts): T3 and T5 of a whole province are read
-- from these two indexes alone (the validity of each card, the day each 831 version was written).
DROP INDEX "health_record_versions_resident_idx";--> statement-breakpoint
DROP INDEX "insurance_cards_resident_idx";--> statement-breakpoint
CREATE INDEX "health_record_versions_resident_created_idx" ON "health_record_versions" USING btree ("resident_id","created_at");--> statement-breakpoint
CREATE INDEX "insurance_cards_resident_validity_idx" ON "insurance_cards" USING btree ("resident_id","valid_from","valid_to","voided_at");--> statement-breakpoint
-- How many residents hold cards and 831 versions, estimated from the default sample, comes out ten
-- times too low at province scale (312,000 for 3.9 million): the planner then hashes them in too
-- little memory instead of merging them with the residents in id order (T5 of 5 million residents:
-- 14 s instead of 6). A larger sample of these columns gets the estimate close enough.
ALTER TABLE "health_record_versions" ALTER COLUMN "resident_id" SET STATISTICS 1000;--> statement-breakpoint
ALTER TABLE "insurance_cards" ALTER COLUMN "resident_id" SET STATISTICS 1000;

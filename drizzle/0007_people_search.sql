ALTER TABLE "residents" ADD COLUMN "search_name" text GENERATED ALWAYS AS (ytcs_search_key(full_name)) STORED;--> statement-breakpoint
CREATE INDEX "residents_search_name_trgm" ON "residents" USING gin ("search_name" gin_trgm_ops);--> statement-breakpoint
-- Name search with or without diacritics ("nguyen van an" finds "Nguyễn Văn An") filters and ranks on
-- the stored search_name; the expression index an early 0004 made is no longer used.
DROP INDEX IF EXISTS residents_name_trgm;

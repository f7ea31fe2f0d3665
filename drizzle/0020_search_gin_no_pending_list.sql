-- The search's GIN indexes take each new entry at once instead of through GIN's pending list: every
-- search that reads such an index also reads its whole pending list, which grows with each registration
-- until a vacuum (or 4 MB) empties it. After 12,000 registrations in a commune at 1 M residents, a
-- search cost 4.3 ms of database time instead of 1.9 (bench/people-search.ts); a registration now costs
-- about 0.5 ms more. Set in place: the indexes are not rebuilt; what is pending is moved into them.
ALTER INDEX "residents_search_name_trgm" SET (fastupdate = false);--> statement-breakpoint
ALTER INDEX "residents_name_tokens_gin" SET (fastupdate = false);--> statement-breakpoint
ALTER INDEX "residents_phones_gin" SET (fastupdate = false);--> statement-breakpoint
SELECT gin_clean_pending_list('residents_search_name_trgm'::regclass);--> statement-breakpoint
SELECT gin_clean_pending_list('residents_name_tokens_gin'::regclass);--> statement-breakpoint
SELECT gin_clean_pending_list('residents_phones_gin'::regclass);

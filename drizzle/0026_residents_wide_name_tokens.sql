-- Name search over a province with bounded work (docs/adr/0023): the beginnings of the words of a
-- name, as ytcs_name_tokens makes them, keyed by the province's label instead of the commune's
-- ("p22:hu", "p22:hun", "p22:hung"), and the whole name once ("p22=nguyen van hung"), so that the
-- exact matches of a typed name are read apart from the names that merely contain its words.
CREATE OR REPLACE FUNCTION ytcs_wide_name_tokens(area text, search_key text) RETURNS text[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT public.ytcs_name_tokens(area, search_key) || (area || '=' || search_key) $$;--> statement-breakpoint
CREATE INDEX "residents_wide_name_tokens_gin" ON "residents" USING gin (ytcs_wide_name_tokens(subpath("unit_path", 1, 1)::text, "search_name")) WITH (fastupdate=false);

-- Name search inside a commune without reading the whole commune (docs/adr/0016): every word of the
-- search key and each of its beginnings of two letters or more, keyed by the commune's label
-- ("c06862:hu", "c06862:hun", "c06862:hung"). A single-letter word is kept whole.
CREATE OR REPLACE FUNCTION ytcs_name_tokens(area text, search_key text) RETURNS text[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT coalesce(array_agg(DISTINCT area || ':' || left(w, n)), '{}')
        FROM unnest(string_to_array(search_key, ' ')) AS w, generate_series(least(2, length(w)), length(w)) AS n
        WHERE w <> '' $$;--> statement-breakpoint
-- What a typed text looks for: each of its words as a beginning, keyed by the commune.
CREATE OR REPLACE FUNCTION ytcs_name_query(area text, search_key text) RETURNS text[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT coalesce(array_agg(DISTINCT area || ':' || w), '{}')
        FROM unnest(string_to_array(search_key, ' ')) AS w WHERE w <> '' $$;--> statement-breakpoint
CREATE INDEX "residents_name_tokens_gin" ON "residents" USING gin (ytcs_name_tokens(subpath("unit_path", 2, 1)::text, ytcs_search_key("full_name")));
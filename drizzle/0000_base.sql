-- Extensions that both PGlite and PostgreSQL 15 provide (docs/adr/0002-database.md).
CREATE EXTENSION IF NOT EXISTS ltree;--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS unaccent;--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS citext;--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pgcrypto;--> statement-breakpoint
-- One server-wide change sequence: every synced row gets nextval() on insert and on update.
CREATE SEQUENCE IF NOT EXISTS ytcs_change_seq AS bigint;--> statement-breakpoint
CREATE OR REPLACE FUNCTION ytcs_touch_change_seq() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.change_seq := nextval('ytcs_change_seq');
  IF TG_OP = 'UPDATE' THEN
    BEGIN
      NEW.updated_at := now();
    EXCEPTION WHEN undefined_column THEN
      NULL;
    END;
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
-- Diacritic-insensitive search key: unaccent is only STABLE, this wrapper (fixed dictionary) is
-- IMMUTABLE so it can be indexed. 'Quảng Ninh' -> 'quang ninh', 'Đồng' -> 'dong'.
CREATE OR REPLACE FUNCTION ytcs_search_key(value text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, value)) $$;

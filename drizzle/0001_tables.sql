CREATE TABLE "code_values" (
	"id" uuid PRIMARY KEY NOT NULL,
	"system" text NOT NULL,
	"code" text NOT NULL,
	"display_vi" text NOT NULL,
	"display_en" text NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"properties" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"source" text,
	CONSTRAINT "code_values_dates_ck" CHECK ("code_values"."valid_to" is null or "code_values"."valid_to" > "code_values"."valid_from")
);
--> statement-breakpoint
CREATE TABLE "reference_datasets" (
	"name" text PRIMARY KEY NOT NULL,
	"checksum" text NOT NULL,
	"row_count" integer NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "admin_units" (
	"id" uuid PRIMARY KEY NOT NULL,
	"map" text NOT NULL,
	"code" text NOT NULL,
	"level" text NOT NULL,
	"parent_id" uuid,
	"path" "ltree" NOT NULL,
	"unit_type" text NOT NULL,
	"unit_type_en" text NOT NULL,
	"name" text NOT NULL,
	"full_name" text NOT NULL,
	"name_en" text NOT NULL,
	"full_name_en" text NOT NULL,
	"population" integer,
	"area_km2" numeric,
	"valid_from" date,
	"valid_to" date,
	"change_seq" bigint DEFAULT nextval('ytcs_change_seq') NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "admin_units_level_ck" CHECK ("admin_units"."level" in ('country','province','district','commune','hamlet')),
	CONSTRAINT "admin_units_map_ck" CHECK ("admin_units"."map" in ('post2025','pre2025'))
);
--> statement-breakpoint
CREATE TABLE "facilities" (
	"id" uuid PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"station_model" smallint,
	"unit_id" uuid NOT NULL,
	"unit_path" "ltree" NOT NULL,
	"parent_facility_id" uuid,
	"address" text,
	"phone" text,
	"active_from" date,
	"active_to" date,
	"change_seq" bigint DEFAULT nextval('ytcs_change_seq') NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "facilities_kind_ck" CHECK ("facilities"."kind" in ('health_centre','commune_station','private_clinic','pharmacy','school_health_room')),
	CONSTRAINT "facilities_model_ck" CHECK (("facilities"."kind" = 'commune_station' and "facilities"."station_model" between 1 and 3) or ("facilities"."kind" <> 'commune_station' and "facilities"."station_model" is null))
);
--> statement-breakpoint
CREATE TABLE "staff_members" (
	"id" uuid PRIMARY KEY NOT NULL,
	"full_name" text NOT NULL,
	"sex" text NOT NULL,
	"birth_date" date,
	"title" text NOT NULL,
	"facility_id" uuid,
	"hamlet_id" uuid,
	"unit_path" "ltree" NOT NULL,
	"full_time" boolean DEFAULT true NOT NULL,
	"trained" boolean DEFAULT true NOT NULL,
	"phone" text,
	"active_from" date NOT NULL,
	"active_to" date,
	"change_seq" bigint DEFAULT nextval('ytcs_change_seq') NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "staff_place_ck" CHECK ("staff_members"."facility_id" is not null or "staff_members"."hamlet_id" is not null),
	CONSTRAINT "staff_sex_ck" CHECK ("staff_members"."sex" in ('male','female')),
	CONSTRAINT "staff_dates_ck" CHECK ("staff_members"."active_to" is null or "staff_members"."active_to" >= "staff_members"."active_from")
);
--> statement-breakpoint
CREATE TABLE "station_hamlets" (
	"facility_id" uuid NOT NULL,
	"hamlet_id" uuid NOT NULL,
	"change_seq" bigint DEFAULT nextval('ytcs_change_seq') NOT NULL,
	CONSTRAINT "station_hamlets_facility_id_hamlet_id_pk" PRIMARY KEY("facility_id","hamlet_id")
);
--> statement-breakpoint
CREATE TABLE "unit_mappings" (
	"old_unit_id" uuid NOT NULL,
	"new_unit_id" uuid NOT NULL,
	"kind" text NOT NULL,
	CONSTRAINT "unit_mappings_old_unit_id_new_unit_id_pk" PRIMARY KEY("old_unit_id","new_unit_id")
);
--> statement-breakpoint
CREATE TABLE "api_tokens" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"token_hash" text NOT NULL,
	"prefix" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"id" uuid NOT NULL,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" uuid,
	"actor_username" text,
	"actor_role" text,
	"action" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text,
	"unit_path" "ltree",
	"outcome" text DEFAULT 'ok' NOT NULL,
	"ip" text,
	"user_agent" text,
	"request_id" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"token_hash" text NOT NULL,
	"user_id" uuid NOT NULL,
	"csrf_token" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"ip" text,
	"user_agent" text
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY NOT NULL,
	"username" "citext" NOT NULL,
	"display_name" text NOT NULL,
	"role" text NOT NULL,
	"unit_id" uuid NOT NULL,
	"scope_path" "ltree" NOT NULL,
	"password_hash" text,
	"failed_logins" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"disabled" boolean DEFAULT false NOT NULL,
	"last_login_at" timestamp with time zone,
	"change_seq" bigint DEFAULT nextval('ytcs_change_seq') NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_role_ck" CHECK ("users"."role" in ('system_admin','province_manager','station_head','clinician','village_health_worker','auditor'))
);
--> statement-breakpoint
ALTER TABLE "admin_units" ADD CONSTRAINT "admin_units_parent_id_admin_units_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."admin_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "facilities" ADD CONSTRAINT "facilities_unit_id_admin_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."admin_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "facilities" ADD CONSTRAINT "facilities_parent_facility_id_facilities_id_fk" FOREIGN KEY ("parent_facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_members" ADD CONSTRAINT "staff_members_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_members" ADD CONSTRAINT "staff_members_hamlet_id_admin_units_id_fk" FOREIGN KEY ("hamlet_id") REFERENCES "public"."admin_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "station_hamlets" ADD CONSTRAINT "station_hamlets_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "station_hamlets" ADD CONSTRAINT "station_hamlets_hamlet_id_admin_units_id_fk" FOREIGN KEY ("hamlet_id") REFERENCES "public"."admin_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_mappings" ADD CONSTRAINT "unit_mappings_old_unit_id_admin_units_id_fk" FOREIGN KEY ("old_unit_id") REFERENCES "public"."admin_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_mappings" ADD CONSTRAINT "unit_mappings_new_unit_id_admin_units_id_fk" FOREIGN KEY ("new_unit_id") REFERENCES "public"."admin_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_unit_id_admin_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."admin_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "code_values_uq" ON "code_values" USING btree ("system","code","valid_from");--> statement-breakpoint
CREATE UNIQUE INDEX "admin_units_map_code_uq" ON "admin_units" USING btree ("map","code");--> statement-breakpoint
CREATE UNIQUE INDEX "admin_units_path_uq" ON "admin_units" USING btree ("path");--> statement-breakpoint
CREATE INDEX "admin_units_path_gist" ON "admin_units" USING gist ("path");--> statement-breakpoint
CREATE INDEX "admin_units_parent_idx" ON "admin_units" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "admin_units_change_seq_idx" ON "admin_units" USING btree ("change_seq");--> statement-breakpoint
CREATE UNIQUE INDEX "facilities_code_uq" ON "facilities" USING btree ("code");--> statement-breakpoint
CREATE INDEX "facilities_unit_path_gist" ON "facilities" USING gist ("unit_path");--> statement-breakpoint
CREATE INDEX "facilities_change_seq_idx" ON "facilities" USING btree ("change_seq");--> statement-breakpoint
CREATE INDEX "staff_unit_path_gist" ON "staff_members" USING gist ("unit_path");--> statement-breakpoint
CREATE INDEX "staff_facility_idx" ON "staff_members" USING btree ("facility_id");--> statement-breakpoint
CREATE INDEX "staff_hamlet_idx" ON "staff_members" USING btree ("hamlet_id");--> statement-breakpoint
CREATE INDEX "staff_change_seq_idx" ON "staff_members" USING btree ("change_seq");--> statement-breakpoint
CREATE UNIQUE INDEX "station_hamlets_hamlet_uq" ON "station_hamlets" USING btree ("hamlet_id");--> statement-breakpoint
CREATE INDEX "unit_mappings_new_idx" ON "unit_mappings" USING btree ("new_unit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "api_tokens_hash_uq" ON "api_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "api_tokens_user_idx" ON "api_tokens" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "audit_entity_idx" ON "audit_events" USING btree ("entity_type","entity_id");--> statement-breakpoint
CREATE INDEX "audit_actor_idx" ON "audit_events" USING btree ("actor_id","occurred_at");--> statement-breakpoint
CREATE INDEX "audit_occurred_idx" ON "audit_events" USING btree ("occurred_at");--> statement-breakpoint
CREATE UNIQUE INDEX "sessions_token_uq" ON "sessions" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_username_uq" ON "users" USING btree ("username");--> statement-breakpoint
CREATE INDEX "users_scope_gist" ON "users" USING gist ("scope_path");
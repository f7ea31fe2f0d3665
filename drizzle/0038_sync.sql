CREATE TABLE "sync_conflicts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"push_id" uuid NOT NULL,
	"entity" text NOT NULL,
	"entity_id" uuid NOT NULL,
	"field" text NOT NULL,
	"server_value" jsonb,
	"base_value" jsonb,
	"pushed_value" jsonb,
	"username" text NOT NULL,
	"unit_path" "ltree" NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"change_seq" bigint DEFAULT nextval('ytcs_change_seq') NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sync_horizon" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"seq" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sync_pushes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid,
	"username" text NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"result" jsonb NOT NULL,
	"entity_id" uuid,
	"unit_path" "ltree",
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "sync_conflicts_unit_path_gist" ON "sync_conflicts" USING gist ("unit_path");--> statement-breakpoint
CREATE INDEX "sync_conflicts_change_seq_idx" ON "sync_conflicts" USING btree ("change_seq");--> statement-breakpoint
CREATE INDEX "sync_conflicts_entity_idx" ON "sync_conflicts" USING btree ("entity_id");--> statement-breakpoint
CREATE INDEX "sync_pushes_user_idx" ON "sync_pushes" USING btree ("user_id","received_at");--> statement-breakpoint
CREATE TRIGGER ytcs_touch_change_seq BEFORE UPDATE ON sync_conflicts FOR EACH ROW EXECUTE FUNCTION ytcs_touch_change_seq();--> statement-breakpoint
INSERT INTO sync_horizon (id, seq) VALUES (1, 0);

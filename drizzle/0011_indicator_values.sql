CREATE TABLE "indicator_computations" (
	"code" text NOT NULL,
	"version" integer NOT NULL,
	"period" text NOT NULL,
	"as_of" date NOT NULL,
	"watermark" jsonb NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"duration_ms" integer NOT NULL,
	CONSTRAINT "indicator_computations_code_version_period_pk" PRIMARY KEY("code","version","period")
);
--> statement-breakpoint
CREATE TABLE "indicator_values" (
	"code" text NOT NULL,
	"version" integer NOT NULL,
	"period" text NOT NULL,
	"unit_id" uuid NOT NULL,
	"numerator" double precision NOT NULL,
	"denominator" double precision NOT NULL,
	CONSTRAINT "indicator_values_code_version_period_unit_id_pk" PRIMARY KEY("code","version","period","unit_id")
);

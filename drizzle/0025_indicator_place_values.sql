CREATE TABLE "indicator_place_values" (
	"code" text NOT NULL,
	"version" integer NOT NULL,
	"period" text NOT NULL,
	"place" "ltree" NOT NULL,
	"numerator" double precision NOT NULL,
	"denominator" double precision NOT NULL,
	CONSTRAINT "indicator_place_values_code_version_period_place_pk" PRIMARY KEY("code","version","period","place")
);

CREATE TABLE "indicator_definitions" (
	"code" text NOT NULL,
	"version" integer NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"definition" jsonb NOT NULL,
	CONSTRAINT "indicator_definitions_code_version_pk" PRIMARY KEY("code","version")
);

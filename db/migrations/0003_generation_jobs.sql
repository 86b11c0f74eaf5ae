CREATE TYPE "public"."job_section_status" AS ENUM('queued', 'writing', 'done', 'failed', 'cancelled', 'skipped');--> statement-breakpoint
CREATE TYPE "public"."report_job_kind" AS ENUM('report', 'section');--> statement-breakpoint
CREATE TABLE "report_job_sections" (
	"job_id" uuid NOT NULL,
	"section_id" text NOT NULL,
	"position" integer NOT NULL,
	"title" text NOT NULL,
	"status" "job_section_status" DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"error" text,
	"cited" jsonb,
	"removed_markers" jsonb,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	CONSTRAINT "report_job_sections_job_id_section_id_pk" PRIMARY KEY("job_id","section_id")
);
--> statement-breakpoint
ALTER TABLE "report_jobs" ADD COLUMN "kind" "report_job_kind" DEFAULT 'report' NOT NULL;--> statement-breakpoint
ALTER TABLE "report_jobs" ADD COLUMN "plan" jsonb;--> statement-breakpoint
ALTER TABLE "report_jobs" ADD COLUMN "credits_reserved" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "report_jobs" ADD COLUMN "credits_charged" integer;--> statement-breakpoint
ALTER TABLE "report_jobs" ADD COLUMN "cancel_requested" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "report_jobs" ADD COLUMN "lease_id" uuid;--> statement-breakpoint
ALTER TABLE "report_jobs" ADD COLUMN "lease_expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "report_job_sections" ADD CONSTRAINT "report_job_sections_job_id_report_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."report_jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "report_job_sections_order_idx" ON "report_job_sections" USING btree ("job_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "report_jobs_one_active" ON "report_jobs" USING btree ("report_id") WHERE "report_jobs"."status" in ('queued', 'running');
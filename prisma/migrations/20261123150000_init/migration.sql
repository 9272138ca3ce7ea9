-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "AssessmentStatus" AS ENUM ('queued', 'evaluating', 'awaiting_review', 'decided', 'failed');

-- CreateEnum
CREATE TYPE "DecisionStatus" AS ENUM ('proposed', 'issued');

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('board', 'panel', 'auditor', 'admin');

-- CreateTable
CREATE TABLE "ccgs" (
    "ods_code" TEXT NOT NULL,
    "ons_code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "area_team_code" TEXT NOT NULL,
    "area_team_name" TEXT NOT NULL,
    "region_code" TEXT NOT NULL,
    "region_name" TEXT NOT NULL,
    "registered_pop_2013_q1" INTEGER NOT NULL,
    "registered_pop_2014_q4" INTEGER,
    "practices_2013_q1" INTEGER NOT NULL,
    "open_date" DATE,
    "close_date" DATE,

    CONSTRAINT "ccgs_pkey" PRIMARY KEY ("ods_code")
);

-- CreateTable
CREATE TABLE "rule_set_versions" (
    "hash" TEXT NOT NULL,
    "family" TEXT NOT NULL,
    "rule_set_id" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "effective_from" DATE NOT NULL,
    "effective_to" DATE,
    "source" TEXT NOT NULL,
    "content" JSONB NOT NULL,
    "loaded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "rule_set_versions_pkey" PRIMARY KEY ("hash")
);

-- CreateTable
CREATE TABLE "assessments" (
    "id" UUID NOT NULL,
    "family" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "facts" JSONB NOT NULL,
    "status" "AssessmentStatus" NOT NULL DEFAULT 'queued',
    "error" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "assessments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "evaluations" (
    "id" UUID NOT NULL,
    "assessment_id" UUID NOT NULL,
    "rule_set_hash" TEXT NOT NULL,
    "facts" JSONB NOT NULL,
    "results" JSONB NOT NULL,
    "outcome" JSONB NOT NULL,
    "outcome_key" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "evaluations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "decisions" (
    "id" UUID NOT NULL,
    "assessment_id" UUID NOT NULL,
    "evaluation_id" UUID NOT NULL,
    "status" "DecisionStatus" NOT NULL DEFAULT 'proposed',
    "proposed_key" TEXT NOT NULL,
    "proposed_outcome" JSONB NOT NULL,
    "final_key" TEXT,
    "final_outcome" JSONB,
    "overridden" BOOLEAN NOT NULL DEFAULT false,
    "override_reason" TEXT,
    "template" TEXT NOT NULL,
    "document" TEXT NOT NULL,
    "reviewed_by" TEXT,
    "reviewed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "decisions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_events" (
    "seq" BIGINT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "actor" TEXT NOT NULL,
    "actor_role" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "entity_type" TEXT NOT NULL,
    "entity_id" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "prev_hash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "audit_head" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "seq" BIGINT NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "audit_head_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_keys" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "key_hash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "idempotency_records" (
    "key" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "request_hash" TEXT NOT NULL,
    "status" INTEGER NOT NULL,
    "body" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "idempotency_records_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "ccgs_ons_code_key" ON "ccgs"("ons_code");

-- CreateIndex
CREATE INDEX "ccgs_area_team_code_idx" ON "ccgs"("area_team_code");

-- CreateIndex
CREATE INDEX "rule_set_versions_family_effective_from_idx" ON "rule_set_versions"("family", "effective_from");

-- CreateIndex
CREATE INDEX "assessments_status_family_created_at_idx" ON "assessments"("status", "family", "created_at");

-- CreateIndex
CREATE INDEX "assessments_subject_family_period_idx" ON "assessments"("subject", "family", "period");

-- CreateIndex
CREATE UNIQUE INDEX "evaluations_assessment_id_rule_set_hash_key" ON "evaluations"("assessment_id", "rule_set_hash");

-- CreateIndex
CREATE UNIQUE INDEX "decisions_evaluation_id_key" ON "decisions"("evaluation_id");

-- CreateIndex
CREATE INDEX "decisions_status_created_at_idx" ON "decisions"("status", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "audit_events_hash_key" ON "audit_events"("hash");

-- CreateIndex
CREATE INDEX "audit_events_entity_type_entity_id_idx" ON "audit_events"("entity_type", "entity_id");

-- CreateIndex
CREATE INDEX "audit_events_actor_idx" ON "audit_events"("actor");

-- CreateIndex
CREATE INDEX "audit_events_action_idx" ON "audit_events"("action");

-- CreateIndex
CREATE INDEX "audit_events_at_idx" ON "audit_events"("at");

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_key_hash_key" ON "api_keys"("key_hash");

-- AddForeignKey
ALTER TABLE "evaluations" ADD CONSTRAINT "evaluations_assessment_id_fkey" FOREIGN KEY ("assessment_id") REFERENCES "assessments"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "evaluations" ADD CONSTRAINT "evaluations_rule_set_hash_fkey" FOREIGN KEY ("rule_set_hash") REFERENCES "rule_set_versions"("hash") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_assessment_id_fkey" FOREIGN KEY ("assessment_id") REFERENCES "assessments"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_evaluation_id_fkey" FOREIGN KEY ("evaluation_id") REFERENCES "evaluations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;



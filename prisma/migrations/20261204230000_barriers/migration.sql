-- Accountability upward: `ccg` keys bound to one CCG, and the national barriers CCGs record for
-- the Board to answer (draft mandate objectives 13, 14 and 19; final mandate §2.7–2.9).

-- AlterEnum: the new value is only compared as text below, since it cannot be used as an enum
-- value inside the transaction that adds it.
ALTER TYPE "Role" ADD VALUE 'ccg';

-- AlterTable
ALTER TABLE "api_keys" ADD COLUMN "ccg_code" TEXT;
-- A ccg key is bound to exactly one CCG; no other key is bound to any.
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_ccg_binding_check" CHECK (("role"::text = 'ccg') = ("ccg_code" IS NOT NULL));

-- CreateTable
CREATE TABLE "barriers" (
    "id" UUID NOT NULL,
    "ref" TEXT NOT NULL,
    "ccg_code" TEXT NOT NULL,
    "raised_on" DATE NOT NULL,
    "objectives" INTEGER[] NOT NULL,
    "action_area" TEXT NOT NULL,
    "other_reason" TEXT,
    "stops_locally" TEXT NOT NULL,
    "national_bodies" TEXT[] NOT NULL,
    "status" TEXT NOT NULL,
    "triage" TEXT,
    "triage_reason" TEXT,
    "triaged_by" TEXT,
    "triaged_at" TIMESTAMPTZ(3),
    "owner" TEXT,
    "response_due" DATE,
    "national_issue_id" UUID,
    "withdrawn_reason" TEXT,
    "withdrawn_at" TIMESTAMPTZ(3),
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "barriers_pkey" PRIMARY KEY ("id"),
    -- The service validates all of these; the checks keep hand-written SQL honest too.
    CONSTRAINT "barriers_objectives_check" CHECK (cardinality("objectives") > 0),
    CONSTRAINT "barriers_national_bodies_check" CHECK (cardinality("national_bodies") > 0),
    CONSTRAINT "barriers_action_area_check" CHECK ("action_area" IN ('measurement-of-experience', 'information-sharing-technology', 'procurement', 'contracting-and-pricing', 'other')),
    CONSTRAINT "barriers_other_reason_check" CHECK (("action_area" = 'other') = ("other_reason" IS NOT NULL)),
    CONSTRAINT "barriers_status_check" CHECK ("status" IN ('raised', 'triaged', 'answered', 'withdrawn')),
    CONSTRAINT "barriers_triage_check" CHECK ("triage" IS NULL OR "triage" IN ('national', 'local', 'not-a-barrier'))
);

-- CreateTable
CREATE TABLE "barrier_evidence" (
    "id" UUID NOT NULL,
    "barrier_id" UUID NOT NULL,
    "summary" TEXT NOT NULL,
    "source" TEXT,
    "added_by" TEXT NOT NULL,
    "added_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "barrier_evidence_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "national_issues" (
    "id" UUID NOT NULL,
    "ref" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "owner" TEXT,
    "response_due" DATE,
    "status" TEXT NOT NULL,
    "merged_into_id" UUID,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "national_issues_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "national_issues_status_check" CHECK ("status" IN ('open', 'answered', 'merged')),
    CONSTRAINT "national_issues_merged_check" CHECK (("status" = 'merged') = ("merged_into_id" IS NOT NULL))
);

-- CreateTable
CREATE TABLE "national_issue_responses" (
    "id" UUID NOT NULL,
    "national_issue_id" UUID NOT NULL,
    "text" TEXT NOT NULL,
    "national_action" TEXT,
    "responded_on" DATE NOT NULL,
    "responded_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "national_issue_responses_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "barrier_response_rejections" (
    "id" UUID NOT NULL,
    "barrier_id" UUID NOT NULL,
    "response_id" UUID NOT NULL,
    "reason" TEXT NOT NULL,
    "rejected_on" DATE NOT NULL,
    "rejected_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "barrier_response_rejections_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "barriers_ref_key" ON "barriers"("ref");

-- CreateIndex
CREATE INDEX "barriers_ccg_code_status_idx" ON "barriers"("ccg_code", "status");

-- CreateIndex
CREATE INDEX "barriers_status_response_due_idx" ON "barriers"("status", "response_due");

-- CreateIndex
CREATE INDEX "barriers_national_issue_id_idx" ON "barriers"("national_issue_id");

-- CreateIndex
CREATE INDEX "barriers_raised_on_idx" ON "barriers"("raised_on");

-- CreateIndex
CREATE INDEX "barrier_evidence_barrier_id_idx" ON "barrier_evidence"("barrier_id");

-- CreateIndex
CREATE UNIQUE INDEX "national_issues_ref_key" ON "national_issues"("ref");

-- CreateIndex
CREATE INDEX "national_issues_status_response_due_idx" ON "national_issues"("status", "response_due");

-- CreateIndex
CREATE INDEX "national_issue_responses_national_issue_id_responded_on_idx" ON "national_issue_responses"("national_issue_id", "responded_on");

-- CreateIndex
CREATE INDEX "barrier_response_rejections_response_id_idx" ON "barrier_response_rejections"("response_id");

-- CreateIndex
CREATE UNIQUE INDEX "barrier_response_rejections_barrier_id_response_id_key" ON "barrier_response_rejections"("barrier_id", "response_id");

-- AddForeignKey
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_ccg_code_fkey" FOREIGN KEY ("ccg_code") REFERENCES "ccgs"("ods_code") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "barriers" ADD CONSTRAINT "barriers_ccg_code_fkey" FOREIGN KEY ("ccg_code") REFERENCES "ccgs"("ods_code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "barriers" ADD CONSTRAINT "barriers_national_issue_id_fkey" FOREIGN KEY ("national_issue_id") REFERENCES "national_issues"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "barrier_evidence" ADD CONSTRAINT "barrier_evidence_barrier_id_fkey" FOREIGN KEY ("barrier_id") REFERENCES "barriers"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "national_issues" ADD CONSTRAINT "national_issues_merged_into_id_fkey" FOREIGN KEY ("merged_into_id") REFERENCES "national_issues"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "national_issue_responses" ADD CONSTRAINT "national_issue_responses_national_issue_id_fkey" FOREIGN KEY ("national_issue_id") REFERENCES "national_issues"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "barrier_response_rejections" ADD CONSTRAINT "barrier_response_rejections_barrier_id_fkey" FOREIGN KEY ("barrier_id") REFERENCES "barriers"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "barrier_response_rejections" ADD CONSTRAINT "barrier_response_rejections_response_id_fkey" FOREIGN KEY ("response_id") REFERENCES "national_issue_responses"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Escalation of national barriers by rules (final mandate §2.7–2.9): the issued escalation of each
-- national issue per quarter, the barrier sweeps, and the provenance of a barrier (the demo's are
-- synthetic).

-- AlterTable
ALTER TABLE "barriers" ADD COLUMN "provenance" "Provenance" NOT NULL DEFAULT 'submitted';

-- CreateTable
CREATE TABLE "barrier_escalations" (
    "id" UUID NOT NULL,
    "subject_ref" TEXT NOT NULL,
    "quarter" TEXT NOT NULL,
    "quarter_start" DATE NOT NULL,
    "outcome_key" TEXT NOT NULL,
    "proposed_key" TEXT NOT NULL,
    "in_letter" BOOLEAN NOT NULL,
    "select_committee" BOOLEAN NOT NULL,
    "overridden" BOOLEAN NOT NULL,
    "outcome" JSONB NOT NULL,
    "assessment_id" UUID NOT NULL,
    "decision_id" UUID NOT NULL,
    "issued_by" TEXT NOT NULL,
    "issued_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "barrier_escalations_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "barrier_escalations_outcome_key_check" CHECK ("outcome_key" IN ('answered', 'awaiting-response', 'chase-owner', 'include-in-letter', 'select-committee')),
    -- The letter carries exactly the escalated: into the letter, or on to the Select Committee.
    CONSTRAINT "barrier_escalations_in_letter_check" CHECK ("in_letter" = ("outcome_key" IN ('include-in-letter', 'select-committee'))),
    CONSTRAINT "barrier_escalations_select_committee_check" CHECK ("select_committee" = ("outcome_key" = 'select-committee'))
);

-- CreateTable
CREATE TABLE "barrier_sweeps" (
    "id" UUID NOT NULL,
    "quarter" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "requested_by" TEXT NOT NULL,
    "requested_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "duration_ms" INTEGER,
    "submission" JSONB NOT NULL,
    "report" JSONB,
    "error" TEXT,

    CONSTRAINT "barrier_sweeps_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "barrier_escalations_subject_ref_quarter_key" ON "barrier_escalations"("subject_ref", "quarter");

-- CreateIndex
CREATE INDEX "barrier_escalations_quarter_in_letter_idx" ON "barrier_escalations"("quarter", "in_letter");

-- CreateIndex
CREATE INDEX "barrier_sweeps_quarter_requested_at_idx" ON "barrier_sweeps"("quarter", "requested_at");

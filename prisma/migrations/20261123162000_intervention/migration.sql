-- CreateTable
CREATE TABLE "intervention_quarters" (
    "id" UUID NOT NULL,
    "ccg_code" TEXT NOT NULL,
    "quarter" TEXT NOT NULL,
    "quarter_start" DATE NOT NULL,
    "level" INTEGER NOT NULL,
    "proposed_level" INTEGER NOT NULL,
    "outcome_key" TEXT NOT NULL,
    "overridden" BOOLEAN NOT NULL,
    "facts" JSONB NOT NULL,
    "assessment_id" UUID NOT NULL,
    "decision_id" UUID NOT NULL,
    "issued_by" TEXT NOT NULL,
    "issued_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "intervention_quarters_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "intervention_sweeps" (
    "id" UUID NOT NULL,
    "quarter" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "requested_by" TEXT NOT NULL,
    "requested_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "duration_ms" INTEGER,
    "report" JSONB,
    "error" TEXT,

    CONSTRAINT "intervention_sweeps_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "intervention_quarters_quarter_level_idx" ON "intervention_quarters"("quarter", "level");

-- CreateIndex
CREATE INDEX "intervention_quarters_decision_id_idx" ON "intervention_quarters"("decision_id");

-- CreateIndex
CREATE UNIQUE INDEX "intervention_quarters_ccg_code_quarter_key" ON "intervention_quarters"("ccg_code", "quarter");

-- CreateIndex
CREATE INDEX "intervention_sweeps_quarter_requested_at_idx" ON "intervention_sweeps"("quarter", "requested_at");

-- CreateTable
CREATE TABLE "reconfiguration_judgements" (
    "id" UUID NOT NULL,
    "proposal_ref" TEXT NOT NULL,
    "assessment_id" UUID NOT NULL,
    "decision_id" UUID NOT NULL,
    "test" TEXT NOT NULL,
    "engine_result" TEXT NOT NULL,
    "agrees" BOOLEAN NOT NULL,
    "result" TEXT NOT NULL,
    "reason" TEXT,
    "judged_by" TEXT NOT NULL,
    "judged_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "reconfiguration_judgements_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "reconfiguration_judgements_decision_id_test_idx" ON "reconfiguration_judgements"("decision_id", "test");

-- CreateIndex
CREATE INDEX "reconfiguration_judgements_proposal_ref_idx" ON "reconfiguration_judgements"("proposal_ref");

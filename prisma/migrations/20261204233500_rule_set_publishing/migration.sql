-- Publishing rule sets under control (src/rule-changes): a proposal is approved by an admin other
-- than its proposer, simulated as it stands (same hash), then registered as a rule-set version of
-- origin 'published' that every process picks up without a restart.

-- CreateEnum
CREATE TYPE "RuleSetOrigin" AS ENUM ('file', 'published');

-- CreateEnum
CREATE TYPE "RuleSetProposalStatus" AS ENUM ('proposed', 'approved', 'published', 'withdrawn');

-- AlterTable: every version so far came from rules/.
ALTER TABLE "rule_set_versions" ADD COLUMN "origin" "RuleSetOrigin" NOT NULL DEFAULT 'file';

-- CreateTable
CREATE TABLE "rule_set_proposals" (
    "id" UUID NOT NULL,
    "family" TEXT NOT NULL,
    "content" JSONB NOT NULL,
    "hash" TEXT NOT NULL,
    "rule_set_id" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "effective_from" DATE NOT NULL,
    "effective_to" DATE,
    "change_reason" TEXT,
    "status" "RuleSetProposalStatus" NOT NULL DEFAULT 'proposed',
    "proposed_by" TEXT NOT NULL,
    "proposed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "approved_by" TEXT,
    "approved_at" TIMESTAMPTZ(3),
    "approval_note" TEXT,
    "published_by" TEXT,
    "published_at" TIMESTAMPTZ(3),
    "withdrawn_by" TEXT,
    "withdrawn_at" TIMESTAMPTZ(3),
    "withdrawn_reason" TEXT,
    "simulation_run_id" UUID,
    "takes_over" JSONB,

    CONSTRAINT "rule_set_proposals_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "rule_set_proposals_hash_idx" ON "rule_set_proposals"("hash");

-- CreateIndex
CREATE INDEX "rule_set_proposals_status_published_at_idx" ON "rule_set_proposals"("status", "published_at");

-- CreateIndex
CREATE INDEX "rule_set_proposals_family_proposed_at_idx" ON "rule_set_proposals"("family", "proposed_at");

-- AddForeignKey
ALTER TABLE "rule_set_proposals" ADD CONSTRAINT "rule_set_proposals_simulation_run_id_fkey" FOREIGN KEY ("simulation_run_id") REFERENCES "simulation_runs"("id") ON DELETE SET NULL ON UPDATE CASCADE;

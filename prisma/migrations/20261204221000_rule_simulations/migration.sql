-- Simulations of candidate rule sets (src/rule-changes). An evaluation keeps what its family's
-- loadContext read, so a candidate can be run over its facts without reading history again;
-- evaluations written before have none (NULL), and a simulation reads their history again.
ALTER TABLE "evaluations" ADD COLUMN "context" JSONB;

-- CreateTable
CREATE TABLE "simulation_runs" (
    "id" UUID NOT NULL,
    "family" TEXT NOT NULL,
    "candidate_hash" TEXT NOT NULL,
    "candidate" JSONB NOT NULL,
    "baseline_hashes" JSONB NOT NULL,
    "periods" JSONB NOT NULL,
    "counts" JSONB NOT NULL,
    "result" JSONB NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "simulation_runs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "simulation_runs_family_created_at_idx" ON "simulation_runs"("family", "created_at");

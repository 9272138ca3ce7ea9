-- Publishing integrity (src/rule-changes): four eyes compares API keys, not key names (names are
-- not unique); published versions are applied in the order they were published under the lock,
-- not by an app server's clock; a proposal finds its simulation by an index.

-- AlterTable
ALTER TABLE "rule_set_proposals" ADD COLUMN "proposed_by_key" UUID,
ADD COLUMN "approved_by_key" UUID,
ADD COLUMN "published_seq" INTEGER;

-- Earlier proposals: the key is known only where exactly one admin key had the recorded name;
-- elsewhere it stays null and four eyes falls back to comparing names (refusing on a match).
UPDATE "rule_set_proposals" p SET "proposed_by_key" = k."id"
FROM "api_keys" k
WHERE k."name" = p."proposed_by" AND k."role" = 'admin'
  AND (SELECT count(*) FROM "api_keys" o WHERE o."name" = p."proposed_by" AND o."role" = 'admin') = 1;

UPDATE "rule_set_proposals" p SET "approved_by_key" = k."id"
FROM "api_keys" k
WHERE k."name" = p."approved_by" AND k."role" = 'admin'
  AND (SELECT count(*) FROM "api_keys" o WHERE o."name" = p."approved_by" AND o."role" = 'admin') = 1;

-- Versions published so far keep the order they were applied in.
UPDATE "rule_set_proposals" p SET "published_seq" = o."n"
FROM (
  SELECT "id", row_number() OVER (ORDER BY "published_at", "id") AS "n"
  FROM "rule_set_proposals" WHERE "status" = 'published'
) o
WHERE p."id" = o."id";

-- A published version has its place in the order, and only a published one.
ALTER TABLE "rule_set_proposals" ADD CONSTRAINT "rule_set_proposals_published_seq_check"
  CHECK (("status" = 'published') = ("published_seq" IS NOT NULL));

-- DropIndex: published versions are read in published_seq order.
DROP INDEX "rule_set_proposals_status_published_at_idx";

-- CreateIndex
CREATE UNIQUE INDEX "rule_set_proposals_published_seq_key" ON "rule_set_proposals"("published_seq");

-- CreateIndex
CREATE INDEX "simulation_runs_candidate_hash_created_at_idx" ON "simulation_runs"("candidate_hash", "created_at");

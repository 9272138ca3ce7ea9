-- Where an assessment's facts come from is a property of the assessment, set at intake, no longer
-- a key inside the facts (`facts.provenance`, which nine facts schemas and deciders carried).

-- CreateEnum
CREATE TYPE "Provenance" AS ENUM ('submitted', 'synthetic', 'sample');

-- AlterTable
ALTER TABLE "assessments" ADD COLUMN     "provenance" "Provenance" NOT NULL DEFAULT 'submitted';

-- Data written before: the label moves out of the JSON into the column, so that it is said in one
-- place. The facts schemas are strict and no longer know the key: an assessment still queued, or
-- a failed one retried, would be refused by the worker if its facts kept it, and so would a later
-- quarter reading an issued intervention quarter's facts as history. Nothing else in the JSON
-- changes.
UPDATE "assessments"
SET "provenance" = ("facts" ->> 'provenance')::"Provenance", "facts" = "facts" - 'provenance'
WHERE jsonb_typeof("facts") = 'object' AND "facts" ->> 'provenance' IN ('submitted', 'synthetic', 'sample');

UPDATE "intervention_quarters"
SET "facts" = "facts" - 'provenance'
WHERE jsonb_typeof("facts") = 'object' AND "facts" ? 'provenance';

-- The deciders no longer copy the label into the outcome (documents read it from the assessment),
-- so stored outcomes lose it too, and a replay of an evaluation stored before still answers
-- "same". An evaluation's facts stay as the engine saw them (no rule reads the key), and issued
-- documents keep the notice they were issued with; the audit log is append-only and untouched.
UPDATE "evaluations"
SET "outcome" = ("outcome" - 'provenance') #- '{proposal,provenance}'
WHERE jsonb_typeof("outcome") = 'object' AND ("outcome" ? 'provenance' OR "outcome" -> 'proposal' ? 'provenance');

UPDATE "decisions"
SET "proposed_outcome" = ("proposed_outcome" - 'provenance') #- '{proposal,provenance}'
WHERE jsonb_typeof("proposed_outcome") = 'object' AND ("proposed_outcome" ? 'provenance' OR "proposed_outcome" -> 'proposal' ? 'provenance');

UPDATE "decisions"
SET "final_outcome" = ("final_outcome" - 'provenance') #- '{proposal,provenance}'
WHERE jsonb_typeof("final_outcome") = 'object' AND ("final_outcome" ? 'provenance' OR "final_outcome" -> 'proposal' ? 'provenance');

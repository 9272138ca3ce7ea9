-- One current decision per (family, subject, period): a family's period says what its decisions
-- are about (a CCG's year, quarter, wave or review month; a proposal's submission).
ALTER TABLE "decisions" ADD COLUMN "superseded_by" UUID;
ALTER TABLE "decisions" ADD COLUMN "amends" UUID;
ALTER TABLE "decisions" ADD COLUMN "amend_reason" TEXT;
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_superseded_by_fkey" FOREIGN KEY ("superseded_by") REFERENCES "decisions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_amends_fkey" FOREIGN KEY ("amends") REFERENCES "decisions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Data written before: of several issued decisions for one key the latest stands, and the
-- earlier ones are superseded by it; an assessment older than another of its key, not yet
-- decided, is superseded with its proposal (out of the review queue).
WITH ranked AS (
  SELECT d.id, first_value(d.id) OVER w AS latest, row_number() OVER w AS n
  FROM decisions d JOIN assessments a ON a.id = d.assessment_id
  WHERE d.status = 'issued'
  WINDOW w AS (PARTITION BY a.family, a.subject, a.period ORDER BY d.reviewed_at DESC, d.created_at DESC))
UPDATE decisions d SET status = 'superseded', superseded_by = ranked.latest FROM ranked WHERE d.id = ranked.id AND ranked.n > 1;

WITH older AS (
  UPDATE assessments a SET status = 'superseded'
  WHERE a.status IN ('queued', 'evaluating', 'awaiting_review', 'failed')
    AND EXISTS (SELECT 1 FROM assessments b WHERE b.family = a.family AND b.subject = a.subject AND b.period = a.period AND b.created_at > a.created_at)
  RETURNING a.id)
UPDATE decisions d SET status = 'superseded' FROM older WHERE d.assessment_id = older.id AND d.status = 'proposed';

-- Reconfiguration reports are issued by the stage 2 panel, not overridden by Board staff. Reports
-- issued before this change were all stored as overridden; one stands as overridden only where
-- the panel's judgement departs from the rules (its outcome lists the differences). Their audit
-- events (`decision.overridden`) stay as written: the chain is append-only.
UPDATE decisions d
SET overridden = false
FROM assessments a
WHERE a.id = d.assessment_id
  AND a.family = 'reconfiguration'
  AND d.status IN ('issued', 'superseded')
  AND d.overridden
  AND jsonb_array_length(COALESCE(d.final_outcome -> 'differences', '[]'::jsonb)) = 0;

-- A newer assessment of the same family, subject and period supersedes a pending one; an
-- amendment supersedes the issued decision it replaces. (New enum values can be used only once
-- this transaction has committed, hence a migration of their own.)
ALTER TYPE "AssessmentStatus" ADD VALUE 'superseded';
ALTER TYPE "DecisionStatus" ADD VALUE 'superseded';

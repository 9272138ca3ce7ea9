-- A proposal's document is rendered when read; issued decisions keep theirs.
ALTER TABLE "decisions" ALTER COLUMN "document" DROP NOT NULL;
ALTER TABLE "decisions" ADD COLUMN "templates_version" TEXT;

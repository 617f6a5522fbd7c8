-- AlterTable
ALTER TABLE "database_promotion" ADD COLUMN     "formerFencedAt" TIMESTAMPTZ(3),
ADD COLUMN     "promotedLsn" TEXT,
ADD COLUMN     "promotedXmin" BIGINT,
ADD COLUMN     "actualLoss" JSONB;

-- A former primary set read-only at its promotion was fenced then (written by hand).
UPDATE "database_promotion" SET "formerFencedAt" = "promotedAt" WHERE "formerFencing" = 'read-only';

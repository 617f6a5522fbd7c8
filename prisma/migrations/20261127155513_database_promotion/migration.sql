-- CreateTable
CREATE TABLE "database_promotion" (
    "epoch" INTEGER NOT NULL,
    "promotedName" TEXT NOT NULL,
    "promotedHost" TEXT NOT NULL,
    "formerHost" TEXT NOT NULL,
    "lagBytes" BIGINT,
    "lagSeconds" DOUBLE PRECISION,
    "formerFencing" TEXT NOT NULL,
    "runId" UUID,
    "promotedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "database_promotion_pkey" PRIMARY KEY ("epoch")
);

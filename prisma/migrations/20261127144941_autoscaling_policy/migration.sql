-- CreateTable
CREATE TABLE "autoscaling_policy" (
    "id" TEXT NOT NULL DEFAULT 'default',
    "policy" JSONB NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "updatedBy" TEXT NOT NULL,

    CONSTRAINT "autoscaling_policy_pkey" PRIMARY KEY ("id")
);

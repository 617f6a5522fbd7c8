-- CreateTable
CREATE TABLE "user_activity" (
    "userId" TEXT NOT NULL,
    "tenantId" UUID NOT NULL,
    "lastSeenAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "user_activity_pkey" PRIMARY KEY ("userId","tenantId")
);

-- CreateIndex
CREATE INDEX "user_activity_lastSeenAt_idx" ON "user_activity"("lastSeenAt");

-- CreateIndex
CREATE INDEX "user_activity_tenantId_lastSeenAt_idx" ON "user_activity"("tenantId", "lastSeenAt");

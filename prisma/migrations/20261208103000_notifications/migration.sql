-- CreateTable
CREATE TABLE "notification" (
    "id" UUID NOT NULL,
    "recipientUserId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "link" TEXT,
    "sourceKey" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "readAt" TIMESTAMPTZ(3),

    CONSTRAINT "notification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification_webhook" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "severities" TEXT[],
    "secretSalt" TEXT NOT NULL,
    "createdByEmail" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notification_webhook_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification_delivery" (
    "id" UUID NOT NULL,
    "webhookId" UUID NOT NULL,
    "eventKey" TEXT NOT NULL,
    "event" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "notification_delivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification_feed_cursor" (
    "id" TEXT NOT NULL,
    "lastSeq" BIGINT NOT NULL,

    CONSTRAINT "notification_feed_cursor_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "notification_recipientUserId_createdAt_id_idx" ON "notification"("recipientUserId", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "notification_unread_idx" ON "notification"("recipientUserId") WHERE ("readAt" IS NULL);

-- CreateIndex
CREATE INDEX "notification_createdAt_idx" ON "notification"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "notification_recipientUserId_sourceKey_key" ON "notification"("recipientUserId", "sourceKey");

-- CreateIndex
CREATE INDEX "notification_delivery_due_idx" ON "notification_delivery"("nextAttemptAt") WHERE (status = 'pending');

-- CreateIndex
CREATE INDEX "notification_delivery_status_createdAt_id_idx" ON "notification_delivery"("status", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "notification_delivery_webhookId_eventKey_key" ON "notification_delivery"("webhookId", "eventKey");

-- AddForeignKey
ALTER TABLE "notification_delivery" ADD CONSTRAINT "notification_delivery_webhookId_fkey" FOREIGN KEY ("webhookId") REFERENCES "notification_webhook"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- CreateEnum
CREATE TYPE "ProcedureRunStatus" AS ENUM ('requested', 'awaiting_approval', 'running', 'succeeded', 'failed');

-- CreateTable
CREATE TABLE "procedure_run" (
    "id" UUID NOT NULL,
    "procedure" TEXT NOT NULL,
    "tenantId" UUID NOT NULL,
    "input" JSONB NOT NULL,
    "preview" JSONB NOT NULL,
    "status" "ProcedureRunStatus" NOT NULL,
    "requestedByUserId" TEXT NOT NULL,
    "requestedByEmail" TEXT NOT NULL,
    "approvedByUserId" TEXT,
    "approvedByEmail" TEXT,
    "idempotencyKey" TEXT NOT NULL,
    "dataLossAcknowledged" BOOLEAN NOT NULL DEFAULT false,
    "progress" JSONB,
    "outcome" JSONB,
    "error" TEXT,
    "requestId" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "approvedAt" TIMESTAMPTZ(3),
    "startedAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "procedure_run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "emergency_override" (
    "id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "ownerUserId" TEXT NOT NULL,
    "ownerEmail" TEXT NOT NULL,
    "runId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "remindedAt" TIMESTAMPTZ(3),
    "endedAt" TIMESTAMPTZ(3),
    "endedBy" TEXT,
    "endReason" TEXT,

    CONSTRAINT "emergency_override_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "procedure_run_idempotencyKey_key" ON "procedure_run"("idempotencyKey");

-- CreateIndex
CREATE INDEX "procedure_run_createdAt_id_idx" ON "procedure_run"("createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "procedure_run_one_active_key" ON "procedure_run"("procedure") WHERE (status IN ('requested', 'awaiting_approval', 'running'));

-- CreateIndex
CREATE INDEX "emergency_override_kind_endedAt_idx" ON "emergency_override"("kind", "endedAt");

-- CreateIndex
CREATE INDEX "emergency_override_endedAt_expiresAt_idx" ON "emergency_override"("endedAt", "expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "emergency_override_one_active_key" ON "emergency_override"("kind", "scope") WHERE ("endedAt" IS NULL);

-- CreateEnum
CREATE TYPE "WorkflowStepStatus" AS ENUM ('pending', 'running', 'succeeded', 'failed', 'skipped');

-- CreateEnum
CREATE TYPE "WorkflowEventType" AS ENUM ('queued', 'started', 'resumed', 'step_started', 'step_succeeded', 'step_failed', 'step_retry_scheduled', 'checkpoint', 'cancel_requested', 'cancelled', 'succeeded', 'failed', 'timed_out', 'retried_by_operator');

-- DropIndex
DROP INDEX "workflow_execution_workflowId_idx";

-- AlterTable
ALTER TABLE "workflow" ADD COLUMN     "description" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "workflow_execution" ADD COLUMN     "attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "cancelRequestedAt" TIMESTAMPTZ(3),
ADD COLUMN     "deadlineAt" TIMESTAMPTZ(3),
ADD COLUMN     "definition" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "error" TEXT,
ADD COLUMN     "failedStepId" TEXT,
ADD COLUMN     "input" JSONB,
ADD COLUMN     "nextStepIndex" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "output" JSONB,
ADD COLUMN     "queuedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "workflowType" TEXT NOT NULL DEFAULT '';

-- CreateTable
CREATE TABLE "workflow_step_run" (
    "executionId" UUID NOT NULL,
    "stepIndex" INTEGER NOT NULL,
    "tenantId" UUID NOT NULL,
    "stepId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "status" "WorkflowStepStatus" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "startedAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),
    "output" JSONB,
    "error" TEXT,
    "checkpoints" INTEGER NOT NULL DEFAULT 0,
    "progress" JSONB,

    CONSTRAINT "workflow_step_run_pkey" PRIMARY KEY ("executionId","stepIndex")
);

-- CreateTable
CREATE TABLE "workflow_execution_event" (
    "id" BIGSERIAL NOT NULL,
    "executionId" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "type" "WorkflowEventType" NOT NULL,
    "stepId" TEXT,
    "attempt" INTEGER,
    "message" TEXT,

    CONSTRAINT "workflow_execution_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "workflow_run_slot" (
    "slot" INTEGER NOT NULL,
    "executionId" UUID,
    "attempt" INTEGER,
    "workerId" TEXT,
    "leaseExpiresAt" TIMESTAMPTZ(3),

    CONSTRAINT "workflow_run_slot_pkey" PRIMARY KEY ("slot")
);

-- CreateTable
CREATE TABLE "workflow_worker" (
    "id" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "concurrency" INTEGER NOT NULL,
    "running" INTEGER NOT NULL DEFAULT 0,
    "startedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "workflow_worker_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "workflow_stats_minute" (
    "minute" TIMESTAMPTZ(0) NOT NULL,
    "workerId" TEXT NOT NULL,
    "succeeded" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "cancelled" INTEGER NOT NULL DEFAULT 0,
    "retries" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "workflow_stats_minute_pkey" PRIMARY KEY ("minute","workerId")
);

-- CreateIndex
CREATE INDEX "workflow_execution_event_executionId_id_idx" ON "workflow_execution_event"("executionId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "workflow_run_slot_executionId_key" ON "workflow_run_slot"("executionId");

-- CreateIndex
CREATE INDEX "workflow_worker_lastSeenAt_idx" ON "workflow_worker"("lastSeenAt");

-- CreateIndex
CREATE INDEX "workflow_execution_status_listing_idx" ON "workflow_execution"("tenantId", "status", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "workflow_execution_workflow_listing_idx" ON "workflow_execution"("workflowId", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "workflow_execution_queued_idx" ON "workflow_execution"("queuedAt") WHERE (status = 'queued'::"WorkflowExecutionStatus");

-- CreateIndex
CREATE INDEX "workflow_execution_dead_letter_idx" ON "workflow_execution"("finishedAt" DESC, "id" DESC) WHERE (status = 'failed'::"WorkflowExecutionStatus");

-- AddForeignKey
ALTER TABLE "workflow_step_run" ADD CONSTRAINT "workflow_step_run_executionId_fkey" FOREIGN KEY ("executionId") REFERENCES "workflow_execution"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "workflow_execution_event" ADD CONSTRAINT "workflow_execution_event_executionId_fkey" FOREIGN KEY ("executionId") REFERENCES "workflow_execution"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Fair dispatch walks the tenants with waiting runs (a skip scan) and takes each one's oldest;
-- the per-tenant waiting quota counts along the same index.
CREATE INDEX "workflow_execution_tenant_queued_idx" ON "workflow_execution"("tenantId", "queuedAt", "id") WHERE status = 'queued'::"WorkflowExecutionStatus";

-- One token bucket per person starting workflow runs (the per-user start rate limit).
CREATE TABLE "workflow_start_bucket" (
    "userId" TEXT NOT NULL,
    "tokens" DOUBLE PRECISION NOT NULL,
    "refilledAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "workflow_start_bucket_pkey" PRIMARY KEY ("userId")
);

ALTER TABLE "workflow_start_bucket" ADD CONSTRAINT "workflow_start_bucket_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

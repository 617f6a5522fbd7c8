-- CreateIndex
CREATE INDEX "workflow_execution_finished_idx" ON "workflow_execution"("finishedAt") WHERE ("finishedAt" IS NOT NULL);

-- Executions written before the engine existed (an empty definition snapshot) that claim to be
-- waiting or running have no queue job and no run slot behind them: nothing would ever finish
-- them, and they would count against the queue bound. End them, saying why.
UPDATE "workflow_execution"
SET "status" = 'cancelled',
    "finishedAt" = coalesce("finishedAt", now() at time zone 'utc'),
    "error" = 'ended by the workflow engine upgrade: created before executions had queue jobs'
WHERE "status" IN ('queued', 'running') AND "definition" = '{}'::jsonb;

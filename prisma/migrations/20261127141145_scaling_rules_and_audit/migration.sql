-- CreateEnum
CREATE TYPE "ScalingAlertState" AS ENUM ('inactive', 'pending', 'firing');

-- CreateEnum
CREATE TYPE "ScalingRuleSeverity" AS ENUM ('warning', 'critical');

-- CreateTable
CREATE TABLE "scaling_rule" (
    "id" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "comparator" TEXT NOT NULL,
    "threshold" DOUBLE PRECISION NOT NULL,
    "forSeconds" INTEGER NOT NULL,
    "keepFiringForSeconds" INTEGER NOT NULL,
    "severity" "ScalingRuleSeverity" NOT NULL,
    "action" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "scaling_rule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "scaling_rule_alert" (
    "ruleId" TEXT NOT NULL,
    "state" "ScalingAlertState" NOT NULL,
    "activeAt" TIMESTAMPTZ(3),
    "keepFiringSince" TIMESTAMPTZ(3),
    "resolvedAt" TIMESTAMPTZ(3),
    "value" DOUBLE PRECISION,
    "evaluatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "scaling_rule_alert_pkey" PRIMARY KEY ("ruleId")
);

-- CreateTable
CREATE TABLE "scaling_alert_transition" (
    "id" UUID NOT NULL,
    "ruleId" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "fromState" "ScalingAlertState" NOT NULL,
    "toState" "ScalingAlertState" NOT NULL,
    "value" DOUBLE PRECISION,

    CONSTRAINT "scaling_alert_transition_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_entry" (
    "id" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorUserId" TEXT NOT NULL,
    "actorEmail" TEXT NOT NULL,
    "tenantId" UUID,
    "action" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,
    "requestId" TEXT NOT NULL,

    CONSTRAINT "audit_entry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "scaling_alert_transition_ruleId_at_idx" ON "scaling_alert_transition"("ruleId", "at");

-- CreateIndex
CREATE INDEX "audit_entry_at_idx" ON "audit_entry"("at");

-- CreateIndex
CREATE INDEX "audit_entry_target_at_idx" ON "audit_entry"("target", "at");

-- AddForeignKey
ALTER TABLE "scaling_rule_alert" ADD CONSTRAINT "scaling_rule_alert_ruleId_fkey" FOREIGN KEY ("ruleId") REFERENCES "scaling_rule"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scaling_alert_transition" ADD CONSTRAINT "scaling_alert_transition_ruleId_fkey" FOREIGN KEY ("ruleId") REFERENCES "scaling_rule"("id") ON DELETE CASCADE ON UPDATE CASCADE;

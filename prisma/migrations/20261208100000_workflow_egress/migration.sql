-- Workflow egress policy: each tenant's allow-list of hosts, and the platform-wide deny-list.

-- CreateTable
CREATE TABLE "workflow_egress_allowed_host" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "pattern" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "workflow_egress_allowed_host_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "egress_denied_host" (
    "id" UUID NOT NULL,
    "pattern" TEXT NOT NULL,
    "reason" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "egress_denied_host_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "workflow_egress_allowed_host_tenantId_pattern_key" ON "workflow_egress_allowed_host"("tenantId", "pattern");

-- CreateIndex
CREATE UNIQUE INDEX "egress_denied_host_pattern_key" ON "egress_denied_host"("pattern");

-- AddForeignKey
ALTER TABLE "workflow_egress_allowed_host" ADD CONSTRAINT "workflow_egress_allowed_host_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

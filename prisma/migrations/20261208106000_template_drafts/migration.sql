-- "Use template" creates a draft in the tenant's library; marketplace items name the module Install activates.

-- AlterTable
ALTER TABLE "marketplace_item" ADD COLUMN "moduleKey" TEXT;

-- CreateTable
CREATE TABLE "template_draft" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "templateId" UUID,
    "name" TEXT NOT NULL,
    "content" JSONB NOT NULL,
    "createdById" TEXT NOT NULL,
    "idempotencyKey" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "template_draft_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "template_draft_tenantId_createdById_idempotencyKey_key" ON "template_draft"("tenantId", "createdById", "idempotencyKey");

-- CreateIndex
CREATE INDEX "template_draft_listing_idx" ON "template_draft"("tenantId", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "template_draft_templateId_idx" ON "template_draft"("templateId");

-- CreateIndex
CREATE INDEX "template_draft_createdById_idx" ON "template_draft"("createdById");

-- AddForeignKey
ALTER TABLE "template_draft" ADD CONSTRAINT "template_draft_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "template_draft" ADD CONSTRAINT "template_draft_templateId_fkey" FOREIGN KEY ("templateId") REFERENCES "template"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "template_draft" ADD CONSTRAINT "template_draft_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

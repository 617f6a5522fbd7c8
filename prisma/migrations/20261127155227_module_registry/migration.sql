-- AlterTable
ALTER TABLE "module" ADD COLUMN     "category" TEXT NOT NULL DEFAULT 'general';

-- AlterTable
ALTER TABLE "tenant_module" ADD COLUMN     "activations" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "checkedAt" TIMESTAMPTZ(3),
ADD COLUMN     "claimedAt" TIMESTAMPTZ(3),
ADD COLUMN     "claimedBy" TEXT,
ADD COLUMN     "deactivatedAt" TIMESTAMPTZ(3),
ADD COLUMN     "dependsOn" UUID[] DEFAULT ARRAY[]::UUID[],
ADD COLUMN     "error" TEXT,
ADD COLUMN     "failedChecks" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "finishedAt" TIMESTAMPTZ(3),
ADD COLUMN     "startedAt" TIMESTAMPTZ(3),
ADD COLUMN     "version" TEXT;

-- CreateTable
CREATE TABLE "module_version" (
    "id" UUID NOT NULL,
    "moduleId" UUID NOT NULL,
    "version" TEXT NOT NULL,
    "requires" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "withdrawn" BOOLEAN NOT NULL DEFAULT false,
    "publishedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "module_version_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "module_version_moduleId_version_key" ON "module_version"("moduleId", "version");

-- CreateIndex
CREATE INDEX "tenant_module_status_claimedAt_idx" ON "tenant_module"("status", "claimedAt");

-- AddForeignKey
ALTER TABLE "module_version" ADD CONSTRAINT "module_version_moduleId_fkey" FOREIGN KEY ("moduleId") REFERENCES "module"("id") ON DELETE CASCADE ON UPDATE CASCADE;

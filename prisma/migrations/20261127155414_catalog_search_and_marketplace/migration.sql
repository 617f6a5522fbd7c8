-- Trigram search (pg_trgm) and GIN on plain columns beside trigrams (btree_gin): both ship with
-- PostgreSQL (contrib), the embedded servers included. Prisma does not manage extensions here.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS btree_gin;

-- CreateTable
CREATE TABLE "marketplace_item" (
    "id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "vendor" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "priceCents" INTEGER NOT NULL,
    "rating" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "ratingCount" INTEGER NOT NULL DEFAULT 0,
    "installCount" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "marketplace_item_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "marketplace_item_slug_key" ON "marketplace_item"("slug");

-- CreateIndex
CREATE INDEX "marketplace_item_popular_idx" ON "marketplace_item"("installCount" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "marketplace_item_rating_idx" ON "marketplace_item"("rating" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "marketplace_item_price_idx" ON "marketplace_item"("priceCents", "id");

-- CreateIndex
CREATE INDEX "marketplace_item_newest_idx" ON "marketplace_item"("createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "marketplace_item_name_search_idx" ON "marketplace_item" USING GIN ("name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "marketplace_item_summary_search_idx" ON "marketplace_item" USING GIN ("summary" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "template_tenant_listing_idx" ON "template"("tenantId", "popularityScore" DESC, "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "template_name_search_idx" ON "template" USING GIN ("tenantId" uuid_ops, "name" gin_trgm_ops);

-- CreateIndex
CREATE UNIQUE INDEX "template_tenantId_categoryId_name_key" ON "template"("tenantId", "categoryId", "name");

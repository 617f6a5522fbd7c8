-- CreateTable
CREATE TABLE "metric_sample" (
    "series" TEXT NOT NULL,
    "t" TIMESTAMPTZ(3) NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "metric_sample_pkey" PRIMARY KEY ("series","t")
);

-- CreateTable
CREATE TABLE "metric_rollup" (
    "series" TEXT NOT NULL,
    "bucket" TIMESTAMPTZ(3) NOT NULL,
    "avg" DOUBLE PRECISION NOT NULL,
    "min" DOUBLE PRECISION NOT NULL,
    "max" DOUBLE PRECISION NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "metric_rollup_pkey" PRIMARY KEY ("series","bucket")
);

-- CreateIndex
CREATE INDEX "metric_sample_t_idx" ON "metric_sample"("t");

-- CreateIndex
CREATE INDEX "metric_rollup_bucket_idx" ON "metric_rollup"("bucket");

-- CreateTable
-- Unlogged (written by hand): a count is written on every sign-in attempt and a commit that wrote
-- no WAL need not wait for a flush, so the hot rows (the platform's and an address's count) are
-- locked for microseconds, not for an fsync each. A crash or a promoted replica starts the
-- counts afresh, which a rate limit can afford.
CREATE UNLOGGED TABLE "sign_in_limit" (
    "kind" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "count" INTEGER NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "sign_in_limit_pkey" PRIMARY KEY ("kind","key","window_start")
);

-- CreateIndex
CREATE INDEX "sign_in_limit_expires_at_idx" ON "sign_in_limit"("expires_at");

-- CreateTable
CREATE TABLE "break_glass_entry" (
    "id" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "journaledAt" TIMESTAMPTZ(3) NOT NULL,
    "replayedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "break_glass_entry_pkey" PRIMARY KEY ("id")
);

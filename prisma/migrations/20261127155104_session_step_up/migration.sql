-- CreateTable
CREATE TABLE "session_step_up" (
    "sessionId" TEXT NOT NULL,
    "verifiedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "session_step_up_pkey" PRIMARY KEY ("sessionId")
);

-- AddForeignKey
ALTER TABLE "session_step_up" ADD CONSTRAINT "session_step_up_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "session"("id") ON DELETE CASCADE ON UPDATE CASCADE;

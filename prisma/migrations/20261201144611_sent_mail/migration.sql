-- CreateTable
CREATE TABLE "SentMail" (
    "id" TEXT NOT NULL,
    "senderId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SentMail_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SentMail_senderId_createdAt_idx" ON "SentMail"("senderId", "createdAt");

-- AddForeignKey
ALTER TABLE "SentMail" ADD CONSTRAINT "SentMail_senderId_fkey" FOREIGN KEY ("senderId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

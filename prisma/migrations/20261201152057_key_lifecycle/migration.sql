-- CreateEnum
CREATE TYPE "ApiKeyPermission" AS ENUM ('READ_WRITE', 'READ_ONLY');

-- AlterTable
ALTER TABLE "ApiKey" ADD COLUMN     "expiresAt" TIMESTAMPTZ(3),
ADD COLUMN     "permission" "ApiKeyPermission" NOT NULL DEFAULT 'READ_WRITE',
ADD COLUMN     "rolledToId" TEXT;

-- AlterTable
ALTER TABLE "Workspace" ADD COLUMN     "keyMaxLifetimeDays" INTEGER,
ADD COLUMN     "keyNeverExpiresAllowed" BOOLEAN NOT NULL DEFAULT true;

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_rolledToId_key" ON "ApiKey"("rolledToId");

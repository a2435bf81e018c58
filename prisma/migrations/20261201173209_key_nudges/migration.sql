-- AlterTable
ALTER TABLE "Workspace" ADD COLUMN     "keyNeverUsedAfterDays" INTEGER DEFAULT 7,
ADD COLUMN     "keyRotateAfterDays" INTEGER DEFAULT 90,
ADD COLUMN     "keyUnusedAfterDays" INTEGER DEFAULT 30;

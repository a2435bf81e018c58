-- AlterTable
ALTER TABLE "Resource" ADD COLUMN     "connectionCiphertext" TEXT,
ADD COLUMN     "connectionUpdatedAt" TIMESTAMPTZ(3);

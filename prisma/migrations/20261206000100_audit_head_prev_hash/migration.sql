-- AlterTable
ALTER TABLE "audit_heads" ADD COLUMN     "prev_hash" TEXT;


-- CreateTable
CREATE TABLE "rate_limit_counters" (
    "key" TEXT NOT NULL,
    "tat" TIMESTAMP(3) NOT NULL,
    "allowed" BOOLEAN NOT NULL,

    CONSTRAINT "rate_limit_counters_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "rate_limit_counters_tat_idx" ON "rate_limit_counters"("tat");


-- Rate-limit state needs no crash safety: an unlogged table skips the WAL (a crash empties it).
ALTER TABLE "rate_limit_counters" SET UNLOGGED;

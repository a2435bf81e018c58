-- CreateTable
CREATE TABLE "UsageMinute" (
    "resourceId" TEXT NOT NULL,
    "keyId" TEXT NOT NULL,
    "minute" TIMESTAMPTZ(3) NOT NULL,
    "requests" INTEGER NOT NULL DEFAULT 0,
    "cacheHits" INTEGER NOT NULL DEFAULT 0,
    "cacheMisses" INTEGER NOT NULL DEFAULT 0,
    "totalMs" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "latency" INTEGER[],
    "errors" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "UsageMinute_pkey" PRIMARY KEY ("resourceId","minute","keyId")
);

-- CreateTable
CREATE TABLE "UsageShape" (
    "resourceId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "model" TEXT,
    "operation" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "lastSeenAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "UsageShape_pkey" PRIMARY KEY ("resourceId","id")
);

-- CreateTable
CREATE TABLE "UsageShapeHour" (
    "resourceId" TEXT NOT NULL,
    "shapeId" TEXT NOT NULL,
    "keyId" TEXT NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    "totalMs" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "rows" INTEGER NOT NULL DEFAULT 0,
    "latency" INTEGER[],

    CONSTRAINT "UsageShapeHour_pkey" PRIMARY KEY ("resourceId","hour","shapeId","keyId")
);

-- CreateIndex
CREATE INDEX "UsageMinute_keyId_minute_idx" ON "UsageMinute"("keyId", "minute");

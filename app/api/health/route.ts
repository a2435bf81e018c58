import { db } from "@/lib/server/db";
import { logError } from "@/lib/server/log";

export const dynamic = "force-dynamic";

/** Liveness and database reachability, for load balancers and the start script. */
export async function GET() {
  try {
    const prisma = await db();
    await prisma.$queryRaw`SELECT 1`;
    return Response.json({ status: "ok" });
  } catch (error) {
    logError("health check", error);
    return Response.json({ status: "unavailable" }, { status: 503 });
  }
}

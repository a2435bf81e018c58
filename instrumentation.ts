// Next.js calls register() once when a server process starts. The Console's periodic work lives
// here: the audit log's expiry entries and retention sweep (lib/server/audit/sweeper.ts). Not
// during `next build`, and not in the edge runtime (proxy.ts), which has no database.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { startAuditSweeper } = await import("./lib/server/audit/sweeper");
  startAuditSweeper();
}

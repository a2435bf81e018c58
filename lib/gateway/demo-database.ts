// The embedded demo database: a second PGlite, in `<data folder>/demo-pglite` (or in memory), that
// the demo's storefront-db runs its queries on when the Console itself runs on PGlite. It is opened
// on the first query that needs it, by this process, which serves the gateway (PGlite is one process,
// one connection: another process must never open the folder), seeded with the storefront
// (lib/demo/storefront.ts, idempotent), and closed cleanly at shutdown so the next start finds it intact.
import type { PGlite } from "@electric-sql/pglite";
import { EMBEDDED_DEMO_HANDLE, type EmbeddedDemoHandle } from "@/lib/demo/embedded";
import { seedStorefront } from "@/lib/demo/storefront";
import type { ConnectionTarget } from "./query/connections";

export const EMBEDDED_DEMO_LABEL = "the embedded demo database (PGlite)";

export class EmbeddedDemoDatabase implements EmbeddedDemoHandle {
  private opening: Promise<PGlite> | null = null;
  private closed = false;

  /** `folder`: where PGlite keeps it; null: in memory (tests). */
  constructor(
    readonly folder: string | null,
    private readonly log: (message: string) => void = () => {},
  ) {}

  /** The database, opened and seeded on first use. */
  open(): Promise<PGlite> {
    if (this.closed) return Promise.reject(new Error("The embedded demo database is closed (the server is shutting down)."));
    if (!this.opening) {
      const opening = this.start();
      this.opening = opening;
      // A failed start may be retried by the next request.
      opening.catch(() => {
        if (this.opening === opening) this.opening = null;
      });
    }
    return this.opening;
  }

  private async start(): Promise<PGlite> {
    const { PGlite } = await import("@electric-sql/pglite");
    const pglite = this.folder ? new PGlite(this.folder) : new PGlite();
    try {
      await pglite.waitReady;
      if (await seedStorefront(pglite)) this.log("seeded the embedded demo database (storefront: products, customers, orders).");
      return pglite;
    } catch (error) {
      this.log(`could not open the embedded demo database${this.folder ? ` in ${this.folder}` : ""}: ${error instanceof Error ? error.message : String(error)}`);
      await pglite.close().catch(() => {});
      throw error;
    }
  }

  /** What the query engine's resolver returns for storefront-db's embedded marker connection. */
  async target(): Promise<ConnectionTarget> {
    return { kind: "pglite", pglite: await this.open(), label: EMBEDDED_DEMO_LABEL };
  }

  async serverVersion(): Promise<string> {
    const { rows } = await (await this.open()).query<{ version: string }>("SELECT version() AS version");
    return `${rows[0]?.version ?? "PostgreSQL"} (PGlite, embedded demo database)`;
  }

  /** Makes it reachable for the Console's "Test connection" in this process. */
  publish(): () => void {
    (globalThis as Record<symbol, unknown>)[EMBEDDED_DEMO_HANDLE] = this;
    return () => {
      if ((globalThis as Record<symbol, unknown>)[EMBEDDED_DEMO_HANDLE] === this) delete (globalThis as Record<symbol, unknown>)[EMBEDDED_DEMO_HANDLE];
    };
  }

  /** Closing PGlite checkpoints it; skipping this makes the next start run crash recovery. */
  async close(): Promise<void> {
    this.closed = true;
    const opening = this.opening;
    this.opening = null;
    const pglite = await opening?.catch(() => null);
    await pglite?.close();
  }
}

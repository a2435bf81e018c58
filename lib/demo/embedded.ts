// The demo's `storefront-db` on the embedded database (PGlite): its queries run on a second PGlite in
// the data folder, opened by the process that serves the gateway (the Console's own, `npm start`;
// PGlite is one process, one connection). The seed stores this marker as storefront-db's
// connection string (encrypted, bound to that resource like any other); the gateway's resolver maps
// it to the embedded demo database. `.invalid` never resolves (RFC 6761) and the connection
// string schema refuses it, so no user-entered string can point at the demo database.

export const EMBEDDED_DEMO_HOST = "storefront-demo.embedded.invalid";
export const EMBEDDED_DEMO_CONNECTION = `postgresql://demo@${EMBEDDED_DEMO_HOST}/storefront`;

/** The demo database's folder inside the data folder. */
export const EMBEDDED_DEMO_FOLDER = "demo-pglite";

export function isEmbeddedDemoConnection(url: string): boolean {
  try {
    return new URL(url).hostname.toLowerCase() === EMBEDDED_DEMO_HOST;
  } catch {
    return false;
  }
}

/** Where the process serving the gateway leaves the demo database for the Console's "Test connection". */
export const EMBEDDED_DEMO_HANDLE = Symbol.for("platform-console.embedded-demo-database");

export type EmbeddedDemoHandle = {
  /** `SELECT version()` on the demo database (opening it if needed). */
  serverVersion(): Promise<string>;
};

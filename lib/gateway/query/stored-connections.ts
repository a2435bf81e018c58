// The ConnectionResolver over the Console's database: a resource's encrypted connection string,
// read with one indexed query in plain SQL (as ./../store.ts reads keys; no ORM, no server-only
// module) and decrypted with this process's encryption key. Answers are cached per resource for
// `ttlMs` as a backstop; `invalidate(resourceId)` drops one at once (a connection set or removed).
// The demo's embedded marker (lib/demo/embedded.ts) resolves to the embedded demo database of this
// process, when it has one (the Console's process on PGlite), and to a P6008 saying where it lives otherwise.
import { isEmbeddedDemoConnection } from "@/lib/demo/embedded";
import { decryptConnectionString, DecryptionError, type EncryptionKey } from "@/lib/secrets/connection-encryption";
import type { Queryable } from "../store";
import { CODES } from "./accelerate-protocol";
import { ConnectionLookupError, type ConnectionResolver, type ConnectionTarget } from "./connections";
import { GatewayQueryError } from "./errors";

export type StoredConnectionResolver = ConnectionResolver & {
  invalidate(resourceId?: string): void;
};

export type StoredConnectionOptions = {
  database: Queryable;
  /**
   * The key, or how to load it on first need (so a gateway without PLATFORM_ENCRYPTION_KEY still
   * verifies keys, and answers P6008 saying what to set only when a stored connection is needed).
   */
  key: EncryptionKey | (() => EncryptionKey);
  /** How long an answer is reused without reading the row again. */
  ttlMs?: number;
  /** The embedded demo database, in the process that holds it (lib/gateway/demo-database.ts). */
  embeddedDemo?: () => Promise<ConnectionTarget>;
};

const NO_EMBEDDED_DEMO =
  "This resource uses the embedded demo database, which lives in the Console's own process: use the gateway that `npm start` serves (GATEWAY_PORT, default 4466), not a standalone `npm run gateway`.";

const SELECT_CONNECTION = `SELECT "connectionCiphertext" FROM "Resource" WHERE "id" = $1`;

export function createStoredConnectionResolver(options: StoredConnectionOptions): StoredConnectionResolver {
  const ttlMs = options.ttlMs ?? 5_000;
  let key: EncryptionKey | null = typeof options.key === "function" ? null : options.key;
  const currentKey = (): EncryptionKey => {
    if (key) return key;
    try {
      return (key = (options.key as () => EncryptionKey)());
    } catch {
      // The details (which file, which variable) are the operator's, not the client's.
      throw new GatewayQueryError(
        CODES.connectionFailed,
        "This gateway process cannot decrypt connection strings: its operator must give it the Console's PLATFORM_ENCRYPTION_KEY.",
      );
    }
  };
  const cache = new Map<string, { target: ConnectionTarget | null; until: number }>();

  const resolve = async (resourceId: string): Promise<ConnectionTarget | null> => {
    const cached = cache.get(resourceId);
    if (cached && cached.until > Date.now()) return cached.target;
    let rows: { connectionCiphertext: string | null }[];
    try {
      ({ rows } = await options.database.query<{ connectionCiphertext: string | null }>(SELECT_CONNECTION, [resourceId]));
    } catch (error) {
      throw new ConnectionLookupError(error);
    }
    const stored = rows[0]?.connectionCiphertext ?? null;
    let target: ConnectionTarget | null = null;
    if (stored !== null) {
      let url: string;
      try {
        url = decryptConnectionString(stored, currentKey(), resourceId);
      } catch (error) {
        if (!(error instanceof DecryptionError)) throw error;
        throw new GatewayQueryError(
          CODES.connectionFailed,
          `${error.message} Every Console and gateway process needs the same PLATFORM_ENCRYPTION_KEY; or set the connection string again in the Console (Settings → Database connection).`,
          { reason: error.reason },
        );
      }
      if (isEmbeddedDemoConnection(url)) {
        if (!options.embeddedDemo) throw new GatewayQueryError(CODES.connectionFailed, NO_EMBEDDED_DEMO);
        try {
          target = await options.embeddedDemo();
        } catch {
          throw new GatewayQueryError(CODES.connectionFailed, "The embedded demo database could not be opened; see the Console's log.");
        }
      } else target = { kind: "postgres", url };
    }
    if (cache.size >= 10_000) cache.delete(cache.keys().next().value!);
    cache.set(resourceId, { target, until: Date.now() + ttlMs });
    return target;
  };

  return Object.assign(resolve, {
    invalidate(resourceId?: string) {
      if (resourceId === undefined) cache.clear();
      else cache.delete(resourceId);
    },
  });
}

// One resource's node-postgres pool: bounded, with a connect timeout, every connection instrumented
// for cancellation (./statements.ts), its peer address checked against PLATFORM_DATABASE_HOSTS when
// the host was allowed by address, and every failure to connect turned into a ConnectionFailedError
// that names the host and the cause, never the password.
import pg from "pg";
import { addressAllowed, HOST_ALLOWLIST_ENV, type HostAllowlist } from "./host-allowlist";
import { CODES } from "./accelerate-protocol";
import { ConnectionFailedError, GatewayQueryError } from "./errors";
import { describeFailure } from "./connect-failure";
import { bindToActiveScope, instrumentClient } from "./statements";

export type ResourcePoolOptions = {
  connectionString: string;
  /** `user@host:port/name`, for messages. */
  label: string;
  host: string;
  password: string | undefined;
  size: number;
  connectTimeoutMs: number;
  /** Set when the host was allowed by address: each new connection's peer is checked again. */
  peerAllowlist: HostAllowlist | null;
};

type Callback = (error: Error | undefined, client?: pg.PoolClient, done?: (release?: unknown) => void) => void;

export class ResourcePool extends pg.Pool {
  constructor(private readonly resourceOptions: ResourcePoolOptions) {
    super({
      connectionString: resourceOptions.connectionString,
      max: resourceOptions.size,
      connectionTimeoutMillis: resourceOptions.connectTimeoutMs,
      // Connections of a quiet resource are closed well before the pool itself is (limits.poolIdleMs).
      idleTimeoutMillis: 10_000,
      application_name: "platform-gateway",
      onConnect: (client: pg.Client) => this.adopt(client),
    } as pg.PoolConfig);
    // An idle connection that dies (the database restarted) must not crash the process.
    this.on("error", () => {});
  }

  private adopt(client: pg.Client): void {
    const allowlist = this.resourceOptions.peerAllowlist;
    if (allowlist) {
      const peer = (client as unknown as { connection?: { stream?: { remoteAddress?: string } } }).connection?.stream?.remoteAddress;
      if (!peer || !addressAllowed(allowlist, peer)) {
        throw new PeerRefusedError(`the host ${this.resourceOptions.host} now resolves to ${peer ?? "an unknown address"}, which is not in ${HOST_ALLOWLIST_ENV}`);
      }
    }
    instrumentClient(client);
  }

  private failed(error: unknown): Error {
    if (error instanceof ConnectionFailedError || error instanceof GatewayQueryError) return error;
    // pg-pool's words when every connection stayed busy: the database is fine, the pool is full.
    if (error instanceof Error && error.message === "timeout exceeded when trying to connect") {
      return new GatewayQueryError(
        CODES.timeout,
        `All ${this.resourceOptions.size} connections of this resource's pool stayed busy for ${this.resourceOptions.connectTimeoutMs} ms; the query did not start.`,
      );
    }
    const reason = error instanceof PeerRefusedError ? error.message : describeFailure(error, this.resourceOptions);
    return new ConnectionFailedError(this.resourceOptions.label, reason, this.resourceOptions.host);
  }

  // pg-pool's own query() calls connect(callback); the adapter's transactions call connect().
  override connect(): Promise<pg.PoolClient>;
  override connect(callback: Callback): void;
  override connect(callback?: Callback): Promise<pg.PoolClient> | void {
    if (callback) {
      const bound = bindToActiveScope(callback);
      return super.connect(((error: Error | undefined, client: pg.PoolClient, done: (release?: unknown) => void) =>
        bound(error ? this.failed(error) : undefined, client, done)) as never);
    }
    return super.connect().catch((error: unknown) => {
      throw this.failed(error);
    });
  }
}

class PeerRefusedError extends Error {}

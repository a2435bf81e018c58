// Draining our node:http servers on SIGTERM (the Console's, scripts/server.mjs, and the key
// gateway's, scripts/gateway/run.mjs) so that a rolling restart fails no request:
//
//  1. stop accepting: a new connection is refused, which a client knows was never sent;
//  2. answer every request in flight, and every request that still arrives on an open keep-alive
//     connection, with `Connection: close`, so the client does not send another on that socket;
//  3. close idle keep-alive sockets, but only once they stayed idle for IDLE_LINGER_MS, and by
//     half-closing them (RFC 9112 §9.6) rather than destroying them;
//  4. give all this SHUTDOWN_GRACE_MS (default 10 s); then, or at once on a second signal, cut
//     what is still open.
//
// Why not http.Server#close(): since Node 19 it destroys every idle keep-alive socket at once. A
// busy client's next request may already sit unread in such a socket's kernel buffer; destroying
// it then sends a TCP reset, and that request is lost (about one per busy connection, measured).
// Framework-free, so the plain-Node scripts load it through the gateway bundle (lib/gateway/entry.ts).
import type http from "node:http";
import net from "node:net";

export const DEFAULT_SHUTDOWN_GRACE_MS = 10_000;

/** How long a socket idle at the start of a drain may still bring its next request. */
const IDLE_LINGER_MS = 500;
/** After we half-closed a socket, how long the client has to close its side. */
const HALF_CLOSE_TIMEOUT_MS = 1_000;

type SocketState = { responses: Set<http.ServerResponse>; idleTimer: NodeJS.Timeout | null };

/** What a drain did, for the one log line that says so. */
export type DrainReport = {
  /** Requests answered (with `Connection: close`) after the drain began. */
  answered: number;
  /** Idle keep-alive sockets we closed. */
  idleClosed: number;
  /** Sockets still open when the grace ran out or was cut short: destroyed. */
  cut: number;
};

class ConnectionTracker {
  readonly sockets = new Map<net.Socket, SocketState>();
  private draining = false;
  private readonly report: DrainReport = { answered: 0, idleClosed: 0, cut: 0 };
  private allClosed: (() => void) | null = null;

  constructor(private readonly server: http.Server) {
    server.on("connection", (socket: net.Socket) => {
      this.sockets.set(socket, { responses: new Set(), idleTimer: null });
      socket.once("close", () => this.forget(socket));
      // Accepted in the same turn as the drain began: treated like any idle socket.
      if (this.draining) this.closeWhenIdle(socket);
    });
    // Prepended: a handler may answer synchronously, and the header must be set before it does.
    server.prependListener("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
      const state = this.sockets.get(req.socket);
      if (!state) return;
      if (state.idleTimer) clearTimeout(state.idleTimer);
      state.idleTimer = null;
      state.responses.add(res);
      if (this.draining) this.closeAfter(res);
      res.once("close", () => {
        state.responses.delete(res);
        // A response whose head went out before the drain kept the socket alive: close it once idle.
        if (this.draining && state.responses.size === 0 && !req.socket.destroyed) this.closeWhenIdle(req.socket);
      });
    });
  }

  async drain(graceMs: number, cut?: AbortSignal): Promise<DrainReport> {
    this.draining = true;
    // net.Server's close: stops listening and leaves the open sockets to us (see the top).
    net.Server.prototype.close.call(this.server);
    for (const [socket, state] of this.sockets) {
      if (state.responses.size === 0) this.closeWhenIdle(socket);
      else for (const res of state.responses) this.closeAfter(res);
    }
    if (this.sockets.size > 0) {
      let timer: NodeJS.Timeout | undefined;
      let onCut: (() => void) | undefined;
      await new Promise<void>((resolve) => {
        this.allClosed = resolve;
        timer = setTimeout(resolve, graceMs);
        onCut = () => resolve();
        if (cut?.aborted) resolve();
        cut?.addEventListener("abort", onCut, { once: true });
      });
      clearTimeout(timer);
      if (onCut) cut?.removeEventListener("abort", onCut);
      this.allClosed = null;
    }
    for (const socket of [...this.sockets.keys()]) {
      this.report.cut++;
      socket.destroy();
    }
    return { ...this.report };
  }

  private closeAfter(res: http.ServerResponse): void {
    if (res.headersSent) return;
    // Node then sends `Connection: close` and ends the socket once this response is written.
    res.setHeader("Connection", "close");
    res.once("finish", () => this.report.answered++);
  }

  private closeWhenIdle(socket: net.Socket): void {
    const state = this.sockets.get(socket);
    if (!state || state.idleTimer) return;
    state.idleTimer = setTimeout(() => {
      state.idleTimer = null;
      if (state.responses.size > 0 || socket.destroyed) return;
      this.report.idleClosed++;
      // Half-close: our FIN tells the client's pool to drop the socket; we still read what it sends.
      socket.end();
      setTimeout(() => socket.destroy(), HALF_CLOSE_TIMEOUT_MS).unref();
    }, IDLE_LINGER_MS);
    state.idleTimer.unref();
  }

  private forget(socket: net.Socket): void {
    const state = this.sockets.get(socket);
    if (state?.idleTimer) clearTimeout(state.idleTimer);
    this.sockets.delete(socket);
    if (this.sockets.size === 0) this.allClosed?.();
  }
}

const trackers = new WeakMap<http.Server, ConnectionTracker>();

/** Follows a server's sockets from now on, so that drainServer can drain it (before it listens). */
export function trackConnections(server: http.Server): void {
  if (!trackers.has(server)) trackers.set(server, new ConnectionTracker(server));
}

/**
 * Drains a server made by createLimitedServer (lib/net/http-server-limits.ts): resolves once every
 * socket closed, or after `graceMs`, or when `cut` aborts, having then destroyed what was left.
 */
export async function drainServer(server: http.Server, graceMs: number, cut?: AbortSignal): Promise<DrainReport> {
  const tracker = trackers.get(server);
  if (!tracker) throw new Error("drainServer: this server's connections were not tracked (use createLimitedServer).");
  return tracker.drain(graceMs, cut);
}

/** SHUTDOWN_GRACE_MS: a whole number of milliseconds, 0 for none; default 10 s. */
export function shutdownGraceMsFromEnv(env: Record<string, string | undefined> = process.env): number {
  const raw = env.SHUTDOWN_GRACE_MS?.trim();
  if (!raw) return DEFAULT_SHUTDOWN_GRACE_MS;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`SHUTDOWN_GRACE_MS must be a whole number of milliseconds (0 for none); got "${raw}".`);
  }
  return value;
}

export type Shutdown = (signal: NodeJS.Signals, cut: AbortSignal) => Promise<void>;

/**
 * Runs `shutdown` on the first SIGINT or SIGTERM, then exits 0 (1 if it threw). A second signal
 * aborts `cut`: the drain stops waiting, and the rest of the shutdown (flushing, closing the
 * databases) still runs, so the exit is still clean. `backstopMs` after the first signal the
 * process exits 1 whatever is still running.
 */
export function exitOnShutdownSignals(shutdown: Shutdown, backstopMs: number, log: (message: string) => void): void {
  const cut = new AbortController();
  let started = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (started) {
      if (!cut.signal.aborted) log(`Received ${signal} again: not waiting for open requests any longer.`);
      cut.abort();
      return;
    }
    started = true;
    setTimeout(() => {
      log(`Shutdown did not finish within ${Math.round(backstopMs / 1000)} s: exiting.`);
      process.exit(1);
    }, backstopMs).unref();
    shutdown(signal, cut.signal).then(
      () => process.exit(0),
      (error: unknown) => {
        log(`Shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
}

/** "answered 12 requests, closed 38 idle connections, cut 0" */
export function describeDrain(report: DrainReport): string {
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;
  return `answered ${plural(report.answered, "request")} in flight, closed ${plural(report.idleClosed, "idle connection")}, cut ${plural(report.cut, "connection")} still open`;
}

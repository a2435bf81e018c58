// How long a client may take, and how many sockets one address may hold, on our node:http servers:
// the Console's (scripts/server.mjs) and the key gateway's (lib/gateway/gateway.ts). Node's defaults
// let a client that sends its headers slowly hold a socket for 60 s plus the 30 s check interval,
// and a slow body for 300 s; a few thousand such sockets exhaust a process. Framework-free, so the
// plain-Node server imports it through the gateway bundle (lib/gateway/entry.ts).
import http from "node:http";
import type { Socket } from "node:net";
import { rateLimitAddressKey } from "./address-key";
import { trackConnections } from "./graceful-shutdown";

export type HttpServerLimits = {
  /** The whole request head (request line and headers) must arrive within this. */
  headersTimeoutMs: number;
  /** The whole request (head and body) must arrive within this; then 408 and the socket closes. */
  requestTimeoutMs: number;
  /** An idle keep-alive socket is closed after this. */
  keepAliveTimeoutMs: number;
  /** Open sockets per client address (IPv6: per /64); the next one is destroyed. 0: no cap. */
  maxConnectionsPerAddress: number;
};

export const DEFAULT_HTTP_SERVER_LIMITS: HttpServerLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxConnectionsPerAddress: 256,
};

function setting(env: Record<string, string | undefined>, name: string, fallback: number, allowZero: boolean): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < (allowZero ? 0 : 1)) {
    throw new Error(`${name} must be a whole number${allowZero ? " (0 for none)" : " above 0"}; got "${raw}".`);
  }
  return value;
}

/** HTTP_HEADERS_TIMEOUT_MS, HTTP_REQUEST_TIMEOUT_MS, HTTP_KEEP_ALIVE_TIMEOUT_MS, HTTP_MAX_CONNECTIONS_PER_ADDRESS. */
export function httpServerLimitsFromEnv(env: Record<string, string | undefined> = process.env): HttpServerLimits {
  const defaults = DEFAULT_HTTP_SERVER_LIMITS;
  const limits = {
    headersTimeoutMs: setting(env, "HTTP_HEADERS_TIMEOUT_MS", defaults.headersTimeoutMs, false),
    requestTimeoutMs: setting(env, "HTTP_REQUEST_TIMEOUT_MS", defaults.requestTimeoutMs, false),
    keepAliveTimeoutMs: setting(env, "HTTP_KEEP_ALIVE_TIMEOUT_MS", defaults.keepAliveTimeoutMs, false),
    maxConnectionsPerAddress: setting(env, "HTTP_MAX_CONNECTIONS_PER_ADDRESS", defaults.maxConnectionsPerAddress, true),
  };
  // Node refuses a head timeout longer than the whole request's.
  if (limits.headersTimeoutMs > limits.requestTimeoutMs) {
    throw new Error("HTTP_HEADERS_TIMEOUT_MS must not be larger than HTTP_REQUEST_TIMEOUT_MS.");
  }
  return limits;
}

/**
 * Node checks the two timeouts only every `connectionsCheckingInterval` (30 s by default), which
 * would add up to 30 s to each; a quarter of the head timeout, at most a second, keeps them tight.
 */
const checkingIntervalMs = (limits: HttpServerLimits) => Math.max(50, Math.min(1_000, Math.floor(limits.headersTimeoutMs / 4)));

/** A node:http server with these limits (the handler as for http.createServer), drainable on shutdown. */
export function createLimitedServer(limits: HttpServerLimits, handler: http.RequestListener): http.Server {
  const server = http.createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      connectionsCheckingInterval: checkingIntervalMs(limits),
    },
    handler,
  );
  if (limits.maxConnectionsPerAddress > 0) capConnectionsPerAddress(server, limits.maxConnectionsPerAddress);
  // Its sockets are followed from the first one, so that SIGTERM can drain it (./graceful-shutdown.ts).
  trackConnections(server);
  return server;
}

/**
 * Counts open sockets per client address and destroys a new socket over the cap. It counts the
 * socket's peer: behind a reverse proxy (PLATFORM_TRUST_PROXY=1) that is the proxy, so the cap
 * must then be raised or disabled (HTTP_MAX_CONNECTIONS_PER_ADDRESS=0) and enforced at the proxy.
 */
export function capConnectionsPerAddress(server: http.Server, cap: number): void {
  const open = new Map<string, number>();
  server.on("connection", (socket: Socket) => {
    const key = rateLimitAddressKey(socket.remoteAddress ?? "unknown");
    const count = open.get(key) ?? 0;
    if (count >= cap) {
      socket.destroy();
      return;
    }
    open.set(key, count + 1);
    socket.once("close", () => {
      const left = (open.get(key) ?? 1) - 1;
      if (left <= 0) open.delete(key);
      else open.set(key, left);
    });
  });
}

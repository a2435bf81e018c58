import type http from "node:http";
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createLimitedServer, DEFAULT_HTTP_SERVER_LIMITS, httpServerLimitsFromEnv, type HttpServerLimits } from "@/lib/net/http-server-limits";

// The HTTP limits both of our node:http servers run with (lib/net/http-server-limits.ts): the
// settings, then a real server with small timeouts and a small cap. The Console's and the gateway's
// own servers, started as processes with these settings in their environment: e2e/slow-clients.spec.ts.

const servers: http.Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function serve(limits: Partial<HttpServerLimits>): Promise<number> {
  const server = createLimitedServer({ ...DEFAULT_HTTP_SERVER_LIMITS, ...limits }, (req, res) => {
    req.resume();
    req.on("end", () => res.end("ok"));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "0.0.0.0", resolve));
  return (server.address() as net.AddressInfo).port;
}

/** Opens a socket, writes `bytes`, and resolves with what came back once the server closed it (or null at `giveUpMs`). */
function holdOpen(port: number, bytes: string, giveUpMs: number, localAddress = "127.0.0.1") {
  return new Promise<{ afterMs: number; received: string } | null>((resolve) => {
    const started = performance.now();
    const socket = net.connect({ port, host: "127.0.0.1", localAddress }, () => socket.write(bytes));
    let received = "";
    socket.on("data", (chunk) => (received += chunk));
    socket.on("error", () => {});
    socket.on("close", () => {
      clearTimeout(timer);
      resolve({ afterMs: performance.now() - started, received });
    });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(null);
    }, giveUpMs);
  });
}

describe("httpServerLimitsFromEnv", () => {
  it("has defaults that keep 50 keep-alive connections from one address working", () => {
    expect(httpServerLimitsFromEnv({})).toEqual({
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 30_000,
      keepAliveTimeoutMs: 5_000,
      maxConnectionsPerAddress: 256,
    });
  });

  it("reads the HTTP_* settings, 0 turning the cap off", () => {
    const env = { HTTP_HEADERS_TIMEOUT_MS: "2000", HTTP_REQUEST_TIMEOUT_MS: "4000", HTTP_KEEP_ALIVE_TIMEOUT_MS: "1000", HTTP_MAX_CONNECTIONS_PER_ADDRESS: "0" };
    expect(httpServerLimitsFromEnv(env)).toEqual({ headersTimeoutMs: 2000, requestTimeoutMs: 4000, keepAliveTimeoutMs: 1000, maxConnectionsPerAddress: 0 });
  });

  it("refuses a setting that is not a whole number, or a head timeout longer than the request's", () => {
    expect(() => httpServerLimitsFromEnv({ HTTP_REQUEST_TIMEOUT_MS: "soon" })).toThrow(/HTTP_REQUEST_TIMEOUT_MS/);
    expect(() => httpServerLimitsFromEnv({ HTTP_HEADERS_TIMEOUT_MS: "0" })).toThrow(/HTTP_HEADERS_TIMEOUT_MS/);
    expect(() => httpServerLimitsFromEnv({ HTTP_MAX_CONNECTIONS_PER_ADDRESS: "-1" })).toThrow(/HTTP_MAX_CONNECTIONS_PER_ADDRESS/);
    expect(() => httpServerLimitsFromEnv({ HTTP_HEADERS_TIMEOUT_MS: "5000", HTTP_REQUEST_TIMEOUT_MS: "4000" })).toThrow(/not be larger/);
  });
});

describe("a server with these limits", () => {
  it("disconnects a client that sends half its headers and stalls, with 408, within the head timeout", async () => {
    const port = await serve({ headersTimeoutMs: 400, requestTimeoutMs: 1_000 });
    const result = await holdOpen(port, "GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ", 5_000);
    expect(result).not.toBeNull();
    expect(result!.received).toMatch(/^HTTP\/1\.1 408 /);
    expect(result!.afterMs).toBeLessThan(400 + 500);
  });

  it("disconnects a client whose body trickles, with 408, within the request timeout", async () => {
    const port = await serve({ headersTimeoutMs: 400, requestTimeoutMs: 800 });
    const result = await holdOpen(port, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{\"key\":", 5_000);
    expect(result).not.toBeNull();
    expect(result!.received).toMatch(/^HTTP\/1\.1 408 /);
    expect(result!.afterMs).toBeGreaterThanOrEqual(700);
    expect(result!.afterMs).toBeLessThan(800 + 500);
  });

  it("refuses the (cap+1)th socket from one address while another address still connects", async () => {
    const port = await serve({ maxConnectionsPerAddress: 3 });
    const sockets = await Promise.all(
      Array.from({ length: 3 }, () => new Promise<net.Socket>((resolve) => {
        const socket = net.connect({ port, host: "127.0.0.1", localAddress: "127.0.0.1" }, () => resolve(socket));
      })),
    );
    try {
      await new Promise((resolve) => setTimeout(resolve, 50)); // the server has counted them
      const refused = await holdOpen(port, "GET / HTTP/1.1\r\nHost: x\r\n\r\n", 2_000, "127.0.0.1");
      expect(refused).toEqual({ afterMs: expect.any(Number), received: "" });
      const other = await holdOpen(port, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 2_000, "127.0.0.2");
      expect(other?.received).toMatch(/^HTTP\/1\.1 200 /);
      // A socket that closes frees its place.
      sockets.pop()!.destroy();
      await new Promise((resolve) => setTimeout(resolve, 50));
      const again = await holdOpen(port, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 2_000, "127.0.0.1");
      expect(again?.received).toMatch(/^HTTP\/1\.1 200 /);
    } finally {
      for (const socket of sockets) socket.destroy();
    }
  });
});

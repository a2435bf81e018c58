import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { DEFAULT_HTTP_SERVER_LIMITS, createLimitedServer } from "@/lib/net/http-server-limits";
import { DEFAULT_SHUTDOWN_GRACE_MS, drainServer, shutdownGraceMsFromEnv } from "@/lib/net/graceful-shutdown";

// The drain itself, in-process (the real processes are proven in tests/proofs/graceful-shutdown
// and e2e/graceful-shutdown.spec.ts): a server whose handler answers when the test says so.

type Held = { release: () => void };

async function startServer() {
  const held: Held[] = [];
  const server = createLimitedServer(DEFAULT_HTTP_SERVER_LIMITS, (req, res) => {
    req.resume();
    if (req.url === "/hold") held.push({ release: () => res.end("late") });
    else res.end("now");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return { server, port, held };
}

function get(port: number, path: string, agent: http.Agent) {
  return new Promise<{ status: number; connection: string | undefined; body: string } | { error: string }>((resolve) => {
    const request = http.get({ host: "127.0.0.1", port, path, agent }, (response) => {
      let body = "";
      response.on("data", (chunk) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, connection: response.headers.connection, body }));
    });
    request.on("error", (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
  });
}

const until = async (condition: () => boolean) => {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
};

describe("drainServer", () => {
  it("answers the request in flight with Connection: close, closes the idle socket, refuses new connections", async () => {
    const { server, port, held } = await startServer();
    const agent = new http.Agent({ keepAlive: true, maxSockets: 2 });
    // Two keep-alive sockets: one left idle, one holding a request.
    expect(await Promise.all([get(port, "/", agent), get(port, "/", agent)])).toMatchObject([{ body: "now" }, { body: "now" }]);
    const inFlight = get(port, "/hold", agent);
    await until(() => held.length === 1);

    const drained = drainServer(server, 10_000);
    expect(await get(port, "/", new http.Agent())).toEqual({ error: "ECONNREFUSED" });
    held[0]!.release();
    expect(await inFlight).toEqual({ status: 200, connection: "close", body: "late" });
    expect(await drained).toEqual({ answered: 1, idleClosed: 1, cut: 0 });
    agent.destroy();
  });

  it("cuts what is still open when the grace runs out, or at once when told to", async () => {
    for (const cutNow of [false, true]) {
      const { server, port, held } = await startServer();
      const agent = new http.Agent();
      const stuck = get(port, "/hold", agent);
      await until(() => held.length === 1);
      const cut = new AbortController();
      const drained = drainServer(server, cutNow ? 60_000 : 100, cut.signal);
      if (cutNow) cut.abort();
      expect(await drained).toEqual({ answered: 0, idleClosed: 0, cut: 1 });
      expect(await stuck).toMatchObject({ error: expect.stringMatching(/ECONNRESET|socket hang up/) });
    }
  });
});

describe("SHUTDOWN_GRACE_MS", () => {
  it("defaults to 10 s, takes whole milliseconds (0 for none) and refuses anything else", () => {
    expect(shutdownGraceMsFromEnv({})).toBe(DEFAULT_SHUTDOWN_GRACE_MS);
    expect(DEFAULT_SHUTDOWN_GRACE_MS).toBe(10_000);
    expect(shutdownGraceMsFromEnv({ SHUTDOWN_GRACE_MS: " 2500 " })).toBe(2_500);
    expect(shutdownGraceMsFromEnv({ SHUTDOWN_GRACE_MS: "0" })).toBe(0);
    for (const bad of ["-1", "1.5", "10s", "abc"]) {
      expect(() => shutdownGraceMsFromEnv({ SHUTDOWN_GRACE_MS: bad })).toThrow(/SHUTDOWN_GRACE_MS must be a whole number/);
    }
  });
});

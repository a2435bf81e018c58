import type { ChildProcess } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { makeApiKey, makeTenant } from "../support/factories";
import { drainFigures, drainLoad, splitRequest } from "../support/drain-load";
import { sleep, startGatewayProcess, verifyOnce, type GatewayProcess } from "./support";

// Issue 13, item 1, for `npm run gateway` (scripts/gateway/run.mjs, a real process on this run's
// PostgreSQL database): SIGTERM under load from 50 keep-alive connections loses no request (each
// one is answered, or refused before it was sent), what was in flight is answered with
// `Connection: close`, the grace is bounded, a second SIGTERM cuts it short, and every exit is 0.
// The Console's process gets the same proof in e2e/graceful-shutdown.spec.ts.

let gateway: GatewayProcess | null = null;

afterEach(async () => {
  if (gateway && gateway.child.exitCode === null) gateway.child.kill("SIGKILL");
  gateway = null;
});

const exitOf = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once("exit", (code) => resolve(code));
  });

async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await sleep(20);
  return condition();
}

const portOf = (url: string) => Number(new URL(url).port);

describe("the gateway process on SIGTERM", () => {
  it("drains 50 busy keep-alive connections: 0 requests lost, the one in flight answered with Connection: close, exit 0", async () => {
    const tenant = await makeTenant();
    const { apiKey, plaintext } = await makeApiKey(tenant);
    gateway = await startGatewayProcess(process.env.DATABASE_URL ?? "");
    expect(await verifyOnce(gateway.url, plaintext)).toBe(200);

    const load = drainLoad(gateway.url, plaintext, 50);
    // Counted, not timed: every connection has been answered a few times before the signal.
    expect(await until(() => load.warm(5), 30_000), "every connection got answers before the signal").toBe(true);
    const slow = splitRequest(portOf(gateway.url), plaintext);
    await slow.start();
    await sleep(200);
    load.markSignal();
    gateway.child.kill("SIGTERM");
    await until(() => gateway!.output().includes("draining"), 10_000);
    slow.finish();

    const [code, ended, slowAnswer] = await Promise.all([exitOf(gateway.child), load.ended(30_000), slow.response]);
    load.stop();
    const figures = drainFigures(load);
    console.log(`[drain proof, gateway] ${JSON.stringify({ ...figures, failed: figures.failed.length })}`);

    expect(figures.failed, "requests lost (reset or hung up)").toEqual([]);
    expect(ended, "every connection's loop ended").toBe(true);
    expect(figures.endedRefused, "connections whose next request was refused before it was sent").toBe(50);
    expect(slowAnswer).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(slowAnswer).toMatch(/\r\nConnection: close\r\n/i);
    expect(code, gateway.output()).toBe(0);
    expect(gateway.output()).toMatch(/Drained: answered \d+ requests? in flight, .*, cut 0 connections still open\./);
    expect(gateway.output()).toContain("Stopped cleanly.");

    // The verifications' last use was written before the exit (the recorder is flushed on shutdown).
    const row = await (await db()).apiKey.findUniqueOrThrow({ where: { id: apiKey.id }, select: { lastUsedAt: true } });
    expect(row.lastUsedAt).not.toBeNull();
  });

  it("gives a request that never completes SHUTDOWN_GRACE_MS, then cuts it and still exits 0", async () => {
    const tenant = await makeTenant();
    const { plaintext } = await makeApiKey(tenant);
    gateway = await startGatewayProcess(process.env.DATABASE_URL ?? "", { SHUTDOWN_GRACE_MS: "1000" });
    const stuck = splitRequest(portOf(gateway.url), plaintext);
    await stuck.start();
    await sleep(200);
    gateway.child.kill("SIGTERM");
    const code = await exitOf(gateway.child);
    expect(code, gateway.output()).toBe(0);
    expect(gateway.output()).toContain("cut 1 connection still open");
    expect(gateway.output()).toContain("Stopped cleanly.");
    stuck.destroy();
  });

  it("a second SIGTERM cuts a long grace short, and the exit is still clean", async () => {
    const tenant = await makeTenant();
    const { plaintext } = await makeApiKey(tenant);
    gateway = await startGatewayProcess(process.env.DATABASE_URL ?? "", { SHUTDOWN_GRACE_MS: "120000" });
    const stuck = splitRequest(portOf(gateway.url), plaintext);
    await stuck.start();
    await sleep(200);
    gateway.child.kill("SIGTERM");
    expect(await until(() => gateway!.output().includes("draining"), 10_000)).toBe(true);
    // The grace holds: with a request open the process waits (the request's own timeout is 30 s).
    await sleep(1_000);
    expect(gateway.child.exitCode).toBeNull();
    gateway.child.kill("SIGTERM");
    const code = await exitOf(gateway.child);
    expect(code, gateway.output()).toBe(0);
    expect(gateway.output()).toContain("not waiting for open requests any longer");
    expect(gateway.output()).toContain("cut 1 connection still open");
    expect(gateway.output()).toContain("Stopped cleanly.");
    stuck.destroy();
  });
});

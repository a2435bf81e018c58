import { afterAll } from "vitest";
import { createGateway, type Gateway, type GatewayConfig } from "@/lib/gateway/gateway";
import { DEFAULT_HTTP_SERVER_LIMITS } from "@/lib/net/http-server-limits";
import type { VerifyResult } from "@/lib/gateway/verifier";
import { embeddedPglite } from "@/lib/server/db";

export { requestGateway, type GatewayResponse } from "./http-client";

// The key gateway over this test file's database, in this process, on a free port: the real
// verifier (cache included), limiter and HTTP handlers. On PGlite it reads the file's in-memory
// instance; on PostgreSQL it opens its own pool and LISTEN connection, as `npm run gateway` does.
// Writes made by the tests (createApiKey, deleteApiKey, …) reach it as they reach the Console's.

let opened: Promise<Gateway> | null = null;

export function testGateway(overrides: Partial<GatewayConfig> = {}): Promise<Gateway> {
  opened ??= (async () => {
    const config: GatewayConfig = {
      port: 0,
      host: "127.0.0.1",
      trustProxy: false,
      failedVerifyBurst: 1_000_000,
      failedVerifyPerSecond: 1_000_000,
      cacheSize: 1_000,
      http: DEFAULT_HTTP_SERVER_LIMITS,
      log: () => {},
      ...overrides,
    };
    const pglite = await embeddedPglite();
    const url = process.env.DATABASE_URL ?? "";
    return pglite ? createGateway({ kind: "pglite", pglite }, config) : createGateway({ kind: "postgres", url }, config);
  })();
  return opened;
}

export async function gatewayUrl(): Promise<string> {
  return `http://127.0.0.1:${(await testGateway()).port}`;
}

/** The gateway's verifier, called directly. */
export async function verifyApiKey(key: string, resourceId?: string): Promise<VerifyResult> {
  return (await testGateway()).verifier.verify(key, resourceId);
}

/** Writes the batched "last used" times now instead of at the next tick. */
export async function flushLastUse(): Promise<void> {
  await (await testGateway()).verifier.lastUse.flush();
}

afterAll(async () => {
  const closing = opened;
  opened = null;
  await (await closing)?.close();
});

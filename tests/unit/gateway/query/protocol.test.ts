import { describe, expect, it } from "vitest";
import { InvalidBodyError, isAcceleratePath, parseQueryBody, parseTransactionStartBody } from "@/lib/gateway/query/accelerate-protocol";
import { assertSupportedClient, isSupportedClientVersion } from "@/lib/gateway/query/versions";
import { DEFAULT_QUERY_LIMITS, queryLimitsFromEnv } from "@/lib/gateway/query/limits";

describe("the Accelerate bodies", () => {
  const plan = { type: "query", args: {} };

  it("accepts what Prisma Client 7 sends and refuses anything else with a message (P6005)", () => {
    expect(parseQueryBody(JSON.stringify({ model: "User", operation: "findMany", plan, params: {} }))).toMatchObject({ operation: "findMany" });
    expect(parseQueryBody(JSON.stringify({ operation: "queryRaw", plan, params: { a: 1 }, comments: { app: "x" } }))).toMatchObject({ params: { a: 1 } });
    for (const body of ["", "[]", "{", JSON.stringify({ plan, params: {} }), JSON.stringify({ operation: "x", plan: [], params: {} }), JSON.stringify({ operation: "x", plan, params: null }), JSON.stringify({ operation: "x", plan, params: {}, comments: { a: 1 } })]) {
      expect(() => parseQueryBody(body)).toThrow(InvalidBodyError);
    }
  });

  it("reads transaction options", () => {
    expect(parseTransactionStartBody("")).toEqual({});
    expect(parseTransactionStartBody(JSON.stringify({ timeout: 5000, maxWait: 2000, isolationLevel: "SERIALIZABLE" }))).toMatchObject({ isolationLevel: "SERIALIZABLE" });
    for (const body of [{ timeout: -1 }, { maxWait: "2000" }, { isolationLevel: "CHAOS" }, { newTxId: "" }]) {
      expect(() => parseTransactionStartBody(JSON.stringify(body))).toThrow(InvalidBodyError);
    }
  });

  it("knows which paths are the engine's", () => {
    for (const path of ["/connection-info", "/query", "/invalidate", "/transaction/start", "/transaction/x.y/commit", `/6.19.0/${"a".repeat(40)}/graphql`]) expect(isAcceleratePath(path)).toBe(true);
    for (const path of ["/health", "/api/v1/keys/verify", "/query/x", "/invalidate/x"]) expect(isAcceleratePath(path)).toBe(false);
  });
});

describe("client versions", () => {
  it("serves 7.5.0 to 7.10.x and nothing else", () => {
    for (const version of ["7.5.0", "7.8.0", "7.9.1", "7.10.0", "7.10.1", "7.10.0-dev.58"]) expect(isSupportedClientVersion(version)).toBe(true);
    for (const version of ["7.4.2", "7.0.0", "7.11.0", "8.0.0", "6.19.0", "7.10", "latest", ""]) expect(isSupportedClientVersion(version)).toBe(false);
    expect(() => assertSupportedClient("7.4.0")).toThrow(/7\.5\.0 to 7\.10\.x/);
    expect(() => assertSupportedClient(undefined)).toThrow(/sent no Prisma-Engine-Hash/);
  });
});

describe("limits", () => {
  it("defaults to Accelerate's figures and reads each from the environment, refusing nonsense", () => {
    expect(queryLimitsFromEnv({})).toEqual(DEFAULT_QUERY_LIMITS);
    expect(DEFAULT_QUERY_LIMITS).toMatchObject({ queryTimeoutMs: 10_000, transactionTimeoutMs: 15_000, maxResponseBytes: 5 * 1024 * 1024 });
    expect(queryLimitsFromEnv({ GATEWAY_QUERY_TIMEOUT_MS: "2500", GATEWAY_POOL_SIZE: "3" })).toMatchObject({ queryTimeoutMs: 2500, poolSize: 3 });
    expect(() => queryLimitsFromEnv({ GATEWAY_MAX_POOLS: "-1" })).toThrow(/GATEWAY_MAX_POOLS/);
    expect(() => queryLimitsFromEnv({ GATEWAY_MAX_RESPONSE_BYTES: "5MB" })).toThrow(/positive whole number/);
  });
});

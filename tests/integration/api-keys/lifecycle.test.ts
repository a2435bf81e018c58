import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as rollRoute } from "@/app/api/v1/api-keys/[id]/roll/route";
import { POST as createRoute } from "@/app/api/v1/environments/[id]/api-keys/route";
import { main } from "@/cli/src/main";
import { testIo } from "@/cli/src/test-support";
import { DAY_MS } from "@/lib/keys/expiry";
import { createApiKeyAction } from "@/lib/server/actions/create-api-key";
import { rollApiKeyAction } from "@/lib/server/actions/roll-api-key";
import { updateKeyPolicyAction } from "@/lib/server/actions/update-key-policy";
import { rollApiKey } from "@/lib/server/data/api-key-roll";
import { createApiKey, listApiKeys } from "@/lib/server/data/api-keys";
import { updateKeyPolicy } from "@/lib/server/data/key-policy";
import { db } from "@/lib/server/db";
import { asUser } from "../../support/session";
import { verifyApiKey } from "../../support/gateway";
import { makeMember, makeTenant, unique, type Tenant } from "../../support/factories";
import { call, personalToken } from "../api/client";

// Issue 11, phase A, through every path: the Console's actions, the REST API and the CLI (its real
// commands, with fetch routed to the route handlers), against this project's database.

// The REST routes the CLI calls, on a real port (the CLI speaks node:http, not fetch).
let server: http.Server;
let consoleUrl: string;
beforeAll(async () => {
  server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const roll = /^\/api\/v1\/api-keys\/([^/]+)\/roll$/.exec(url.pathname);
    const create = /^\/api\/v1\/environments\/([^/]+)\/api-keys$/.exec(url.pathname);
    const handler = roll ? rollRoute : create ? createRoute : null;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (!handler) return void res.writeHead(599).end();
    const headers = Object.fromEntries(Object.entries(req.headers).map(([name, value]) => [name, String(value)]));
    const response = await handler(new Request(url, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined }), {
      params: Promise.resolve({ id: (roll ?? create)![1]! }),
    });
    res.writeHead(response.status, Object.fromEntries(response.headers)).end(await response.text());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  consoleUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Runs the `platform` CLI's real commands against the routes above. */
async function cli(token: string, ...argv: string[]) {
  const io = testIo({ PLATFORM_TOKEN: token, PLATFORM_URL: consoleUrl });
  const code = await main(argv, io);
  return { code, out: io.out(), err: io.err() };
}

const row = async (id: string) => (await db()).apiKey.findUniqueOrThrow({ where: { id } });

describe("expiry on create", () => {
  it("defaults to 90 days, takes a date, a date-time or null on every path, and the key then fails with EXPIRED", async () => {
    const tenant = await makeTenant();
    const token = await personalToken(tenant.owner.actor);
    const before = Date.now();
    const { apiKey } = await createApiKey(tenant.owner.actor, { resourceId: tenant.resourceId, name: unique("k") });
    expect(Date.parse(apiKey.expiresAt!) - before).toBeGreaterThanOrEqual(90 * DAY_MS - 1000);
    expect(Date.parse(apiKey.expiresAt!) - before).toBeLessThanOrEqual(90 * DAY_MS + 5000);

    const rest = await call(createRoute, "POST", { token, id: tenant.resourceId, body: { name: "dated", expiresAt: "2099-03-01", permission: "read-only" } });
    expect(rest.status).toBe(201);
    expect(rest.json.data).toMatchObject({ expiresAt: "2099-03-01T23:59:59.999Z", permission: "read-only", rolledToId: null });
    const never = await call(createRoute, "POST", { token, id: tenant.resourceId, body: { name: "never", expiresAt: null } });
    expect(never.json.data.expiresAt).toBeNull();
    for (const expiresAt of ["2020-01-01", "2027-02-30", "tomorrow", 5]) {
      expect((await call(createRoute, "POST", { token, id: tenant.resourceId, body: { name: "bad", expiresAt } })).status).toBe(422);
    }

    asUser(tenant.owner.actor);
    const soon = new Date(Date.now() + 1500).toISOString();
    const action = await createApiKeyAction({ resourceId: tenant.resourceId, name: "soon", expiresAt: soon });
    expect(action).toMatchObject({ ok: true, data: { apiKey: { expiresAt: soon, permission: "read-write" } } });
    if (!action.ok) throw new Error("unreachable");
    expect(await verifyApiKey(action.data.plaintext)).toMatchObject({ valid: true, expiresAt: soon, permission: "read-write" });
    await vi.waitFor(async () => expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(soon)), { timeout: 5000, interval: 100 });
    expect(await verifyApiKey(action.data.plaintext)).toEqual({
      valid: false,
      code: "EXPIRED",
      message: `The provided API Key is invalid. Reason: the key expired on ${soon}.`,
    });
    // Expired keys stay listed until deleted.
    expect((await listApiKeys(tenant.owner.actor, { resourceId: tenant.resourceId })).items.map((key) => key.name)).toContain("soon");

    const viaCli = await cli(token, "apikey", "create", "-e", tenant.resourceId, "-n", "cli", "--expires-in", "30d", "--read-only", "--json");
    expect(viaCli.code).toBe(0);
    const created = JSON.parse(viaCli.out);
    expect(created.permission).toBe("read-only");
    expect(Math.abs(Date.parse(created.expiresAt) - (Date.now() + 30 * DAY_MS))).toBeLessThan(60_000);
    expect((await cli(token, "apikey", "create", "-e", tenant.resourceId, "--expires-in", "30d", "--no-expiry")).code).toBe(2);
    expect((await cli(token, "apikey", "create", "-e", tenant.resourceId, "--expires-at", "yesterday")).err).toContain("Invalid --expires-at parameter");
  });
});

describe("the workspace key policy", () => {
  async function strictTenant(): Promise<{ tenant: Tenant; token: string }> {
    const tenant = await makeTenant();
    await updateKeyPolicy(tenant.owner.actor, { workspaceId: tenant.workspaceId, maxLifetimeDays: 30, neverExpiresAllowed: false });
    return { tenant, token: await personalToken(tenant.owner.actor) };
  }

  it("is enforced on the Console, REST and CLI paths with the same clear message, and nothing is created", async () => {
    const { tenant, token } = await strictTenant();
    const tooLong = new Date(Date.now() + 31 * DAY_MS).toISOString();
    asUser(tenant.owner.actor);
    const never = await createApiKeyAction({ resourceId: tenant.resourceId, name: "a", expiresAt: null });
    expect(never).toEqual({ ok: false, error: expect.stringContaining("requires every key to expire"), fieldErrors: { expiresAt: [expect.stringContaining("at most 30 days")] } });
    expect(await createApiKeyAction({ resourceId: tenant.resourceId, name: "a", expiresAt: tooLong })).toMatchObject({ ok: false, error: expect.stringContaining("at most 30 days") });

    const rest = await call(createRoute, "POST", { token, id: tenant.resourceId, body: { name: "b", expiresAt: tooLong } });
    expect(rest.status).toBe(422);
    expect(rest.json.error.message).toContain("This workspace's key policy allows keys to live at most 30 days");
    expect((await call(createRoute, "POST", { token, id: tenant.resourceId, body: { name: "b", expiresAt: null } })).status).toBe(422);

    const viaCli = await cli(token, "apikey", "create", "-e", tenant.resourceId, "--no-expiry");
    expect(viaCli.code).toBe(1);
    expect(viaCli.err).toContain("This workspace's key policy requires every key to expire");
    expect((await cli(token, "apikey", "create", "-e", tenant.resourceId, "--expires-in", "1y")).err).toContain("at most 30 days");
    expect((await listApiKeys(tenant.owner.actor, { resourceId: tenant.resourceId })).items).toEqual([]);

    // Within the policy it works, and the default is the policy's maximum.
    const ok = await call(createRoute, "POST", { token, id: tenant.resourceId, body: { name: "fine" } });
    expect(Math.abs(Date.parse(ok.json.data.expiresAt) - (Date.now() + 30 * DAY_MS))).toBeLessThan(60_000);
    expect((await cli(token, "apikey", "create", "-e", tenant.resourceId, "--expires-in", "7d")).code).toBe(0);
  });

  it("is changed by Admins only", async () => {
    const tenant = await makeTenant();
    const developer = await makeMember(tenant, "DEVELOPER");
    asUser(developer.actor);
    expect(await updateKeyPolicyAction({ workspaceId: tenant.workspaceId, maxLifetimeDays: 1, neverExpiresAllowed: false })).toMatchObject({ ok: false });
    asUser(tenant.owner.actor);
    expect(await updateKeyPolicyAction({ workspaceId: tenant.workspaceId, maxLifetimeDays: 0, neverExpiresAllowed: false })).toMatchObject({ ok: false, fieldErrors: { maxLifetimeDays: [expect.any(String)] } });
    expect(await updateKeyPolicyAction({ workspaceId: tenant.workspaceId, maxLifetimeDays: "14", neverExpiresAllowed: false })).toEqual({ ok: true, data: { maxLifetimeDays: 14, neverExpiresAllowed: false } });
  });
});

describe("roll", () => {
  it("makes a successor with the old key's resource, permission and lifetime; the old key works until the grace deadline, then EXPIRED", async () => {
    const tenant = await makeTenant();
    const token = await personalToken(tenant.owner.actor);
    const old = await createApiKey(tenant.owner.actor, { resourceId: tenant.resourceId, name: "production", permission: "read-only", expiresAt: new Date(Date.now() + 30 * DAY_MS) });
    expect(await verifyApiKey(old.plaintext)).toMatchObject({ valid: true }); // cached from now on

    const rolled = await call(rollRoute, "POST", { token, id: old.apiKey.id, body: { gracePeriod: "2s" } });
    expect(rolled.status).toBe(201);
    const { value, rolled: previous, ...successor } = rolled.json.data;
    expect(successor).toMatchObject({ name: "production (rolled)", resourceId: tenant.resourceId, permission: "read-only" });
    expect(Math.abs(Date.parse(successor.expiresAt) - (Date.now() + 30 * DAY_MS))).toBeLessThan(60_000);
    expect(previous).toMatchObject({ id: old.apiKey.id, rolledToId: successor.id });
    const deadline = Date.parse(previous.expiresAt);
    expect(deadline - Date.now()).toBeLessThanOrEqual(2000);

    expect(await verifyApiKey(old.plaintext)).toMatchObject({ valid: true });
    expect(await verifyApiKey(value)).toMatchObject({ valid: true, keyId: successor.id, permission: "read-only" });
    await vi.waitFor(async () => expect(Date.now()).toBeGreaterThanOrEqual(deadline), { timeout: 5000, interval: 100 });
    expect(await verifyApiKey(old.plaintext)).toMatchObject({ valid: false, code: "EXPIRED" });
    expect(await verifyApiKey(value)).toMatchObject({ valid: true });

    // A key rolls once; the answer says what to do instead.
    const again = await call(rollRoute, "POST", { token, id: old.apiKey.id, body: { gracePeriod: "now" } });
    expect(again.status).toBe(409);
    expect((await call(rollRoute, "POST", { token, id: successor.id, body: { gracePeriod: "8d" } })).status).toBe(422);
    expect((await call(rollRoute, "POST", { token, id: successor.id, body: {} })).status).toBe(422);
  });

  it("of one key, run concurrently, makes exactly one successor", async () => {
    const tenant = await makeTenant();
    const { apiKey } = await createApiKey(tenant.owner.actor, { resourceId: tenant.resourceId, name: "busy", expiresAt: null });
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => rollApiKey(tenant.owner.actor, { apiKeyId: apiKey.id, gracePeriod: 3_600_000 })));
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    expect(results.filter((result) => result.status === "rejected").map((result) => (result as PromiseRejectedResult).reason.code)).toEqual(Array(5).fill("conflict"));
    const keys = (await listApiKeys(tenant.owner.actor, { resourceId: tenant.resourceId })).items;
    expect(keys.map((key) => key.name).sort()).toEqual(["busy", "busy (rolled)"]);
    expect((await row(apiKey.id)).rolledToId).toBe(keys.find((key) => key.name === "busy (rolled)")!.id);
  });

  it("with grace now stops the old key at once; through the Console action and the CLI too", async () => {
    const tenant = await makeTenant();
    const token = await personalToken(tenant.owner.actor);
    const old = await createApiKey(tenant.owner.actor, { resourceId: tenant.resourceId, name: "ci" });
    await verifyApiKey(old.plaintext);
    asUser(tenant.owner.actor);
    const rolled = await rollApiKeyAction({ apiKeyId: old.apiKey.id, gracePeriod: "now" });
    expect(rolled).toMatchObject({ ok: true, data: { apiKey: { name: "ci (rolled)" } } });
    expect(await verifyApiKey(old.plaintext)).toMatchObject({ valid: false, code: "EXPIRED" });
    if (!rolled.ok) throw new Error("unreachable");

    const viaCli = await cli(token, "apikey", "roll", "--apikey", rolled.data.apiKey.id, "--grace", "24h");
    expect(viaCli.code).toBe(0);
    const [line, key] = viaCli.out.trim().split("\n");
    expect(line).toMatch(/^Success! APIKey ci \(rolled\) - key_\w+ created\. The old key key_\w+ works until 20\d\d-/);
    expect(await verifyApiKey(key!)).toMatchObject({ valid: true });
    expect((await cli(token, "apikey", "roll", "--apikey", rolled.data.apiKey.id)).code).toBe(2);
  });

  it("is refused to Viewers, to other workspaces and without a session, and changes nothing", async () => {
    const tenant = await makeTenant();
    const other = await makeTenant();
    const viewer = await makeMember(tenant, "VIEWER");
    const { apiKey } = await createApiKey(tenant.owner.actor, { resourceId: tenant.resourceId, name: "guarded" });
    for (const actor of [viewer.actor, other.owner.actor]) {
      asUser(actor);
      expect(await rollApiKeyAction({ apiKeyId: apiKey.id, gracePeriod: "now" })).toMatchObject({ ok: false, error: expect.stringMatching(/not found|does not allow/) });
    }
    asUser(other.owner.actor);
    expect(await updateKeyPolicyAction({ workspaceId: tenant.workspaceId, maxLifetimeDays: 1, neverExpiresAllowed: false })).toMatchObject({ ok: false, error: expect.stringContaining("not found") });
    asUser(null);
    expect(await rollApiKeyAction({ apiKeyId: apiKey.id, gracePeriod: "now" })).toMatchObject({ ok: false });
    const after = await row(apiKey.id);
    expect({ rolledToId: after.rolledToId, expiresAt: after.expiresAt?.toISOString() }).toEqual({ rolledToId: null, expiresAt: apiKey.expiresAt });
    expect((await listApiKeys(tenant.owner.actor, { resourceId: tenant.resourceId })).items).toHaveLength(1);
  });
});

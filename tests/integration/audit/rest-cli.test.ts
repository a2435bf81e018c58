import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as rollKey } from "@/app/api/v1/api-keys/[id]/roll/route";
import { DELETE as deleteKey } from "@/app/api/v1/api-keys/[id]/route";
import { POST as createKey } from "@/app/api/v1/environments/[id]/api-keys/route";
import { DELETE as deleteEnvironment, PATCH as patchEnvironment } from "@/app/api/v1/environments/[id]/route";
import { DELETE as logout } from "@/app/api/v1/me/token/route";
import { POST as createEnvironment } from "@/app/api/v1/projects/[id]/environments/route";
import { DELETE as deleteProject, PATCH as renameProject } from "@/app/api/v1/projects/[id]/route";
import { POST as createProject } from "@/app/api/v1/workspaces/[id]/projects/route";
import { main } from "@/cli/src/main";
import { testIo } from "@/cli/src/test-support";
import { db } from "@/lib/server/db";
import { makeMember, makeTenant } from "../../support/factories";
import { startRouteServer } from "../../support/route-server";
import { call, personalToken, serviceToken } from "../api/client";
import { everyEntryAsText, onlyEntry, storedEntries } from "./support";

// REST and CLI: the same data layer writes the entries, so what differs is the path (told apart by
// the CLI's User-Agent), the address, the user agent, and the token the request carried.

const CURL = "curl/8.5.0";
const CLI_UA = "platform-cli/9.9.9 node/20.18.0";
const PASSWORD = "Rest-Canary-Pw-4c1e";
const headers = (userAgent: string, address = "198.51.100.9") => ({ "user-agent": userAgent, "x-platform-client-ip": address });

async function tokenIdOf(plaintext: string): Promise<string> {
  const { digestAccessToken } = await import("@/lib/keys/access-token");
  return (await (await db()).accessToken.findUniqueOrThrow({ where: { digest: digestAccessToken(plaintext) }, select: { id: true } })).id;
}

describe("the audit log, through the REST API", () => {
  it("records each change with path rest, the address, the user agent and the personal token", async () => {
    const tenant = await makeTenant();
    const token = await personalToken(tenant.owner.actor);
    const tokenId = await tokenIdOf(token);
    const h = headers(CURL);
    const project = (await call(createProject, "POST", { token, id: tenant.workspaceId, body: { name: "api-proj" }, headers: h })).json.data;
    await call(renameProject, "PATCH", { token, id: project.id, body: { name: "api-proj-2" }, headers: h });
    const url = `postgresql://u:${PASSWORD}@db.example.com:5432/app`;
    const env = (await call(createEnvironment, "POST", { token, id: project.id, body: { name: "db", kind: "database", connectionString: url }, headers: h })).json.data;
    await call(patchEnvironment, "PATCH", { token, id: env.id, body: { name: "db-2", connectionString: null }, headers: h });
    const key = (await call(createKey, "POST", { token, id: env.id, body: { name: "k" }, headers: h })).json.data;
    const successor = (await call(rollKey, "POST", { token, id: key.id, body: { gracePeriod: "now" }, headers: h })).json.data;
    expect((await call(deleteKey, "DELETE", { token, id: successor.id, headers: h })).status).toBe(200);
    await call(deleteEnvironment, "DELETE", { token, id: env.id, headers: h });
    await call(deleteProject, "DELETE", { token, id: project.id, headers: h });
    expect((await call(logout, "DELETE", { token, headers: h })).status).toBe(200);

    const entries = (await storedEntries(tenant.workspaceId)).filter((entry) => entry.path !== "system");
    expect(entries.map((entry) => [entry.action, entry.objectId])).toEqual([
      ["project.created", project.id],
      ["project.renamed", project.id],
      ["resource.created", env.id],
      ["resource.connection_set", env.id],
      ["resource.renamed", env.id],
      ["resource.connection_removed", env.id],
      ["api_key.created", key.id],
      ["api_key.rolled", key.id],
      ["api_key.deleted", successor.id],
      ["resource.deleted", env.id],
      ["project.deleted", project.id],
      ["token.revoked", tokenId],
    ]);
    for (const entry of entries) {
      expect(entry).toMatchObject({ path: "rest", address: "198.51.100.9", userAgent: CURL, actorType: "user", actorUserId: tenant.owner.userId, tokenId, tokenName: "test" });
    }
    expect(await everyEntryAsText()).not.toContain(token);
    expect(await everyEntryAsText()).not.toContain(PASSWORD);
  });

  it("records a service token's change with the token and its owner", async () => {
    const tenant = await makeTenant();
    const { plaintext, tokenId } = await serviceToken(tenant);
    const created = await call(createKey, "POST", { token: plaintext, id: tenant.resourceId, body: { name: "svc" }, headers: headers(CURL) });
    expect(created.status).toBe(201);
    expect(await onlyEntry(tenant.workspaceId, "api_key.created")).toMatchObject({
      actorType: "service_token",
      tokenId,
      tokenName: "ci",
      actorUserId: tenant.owner.userId,
      actorEmail: tenant.owner.email,
      path: "rest",
      objectId: created.json.data.id,
    });
  });

  it("records the CLI's User-Agent as path cli", async () => {
    const tenant = await makeTenant();
    const token = await personalToken(tenant.owner.actor);
    const created = await call(createKey, "POST", { token, id: tenant.resourceId, body: { name: "from-cli" }, headers: headers(CLI_UA) });
    expect(await onlyEntry(tenant.workspaceId, "api_key.created")).toMatchObject({ path: "cli", userAgent: CLI_UA, objectId: created.json.data.id });
  });
});

describe("the audit log, through the CLI", () => {
  let server: Awaited<ReturnType<typeof startRouteServer>>;
  beforeAll(async () => {
    server = await startRouteServer("192.0.2.77");
  });
  afterAll(() => server.close());

  const run = async (token: string, ...argv: string[]) => {
    const io = testIo({ PLATFORM_URL: server.url, PLATFORM_TOKEN: token });
    const code = await main(argv, io);
    return { code, out: io.out(), err: io.err() };
  };

  it("records the binary's own requests as path cli, and `audit show` lists and filters them", async () => {
    const tenant = await makeTenant();
    const token = await personalToken(tenant.owner.actor);
    const w = tenant.workspaceId;
    expect((await run(token, "project", "create", "-w", w, "-n", "cli-proj")).code).toBe(0);
    const key = await run(token, "apikey", "create", "-e", tenant.resourceId, "-n", "cli-key", "--json");
    const keyId = JSON.parse(key.out).id as string;
    const keyValue = JSON.parse(key.out).value as string;
    expect((await run(token, "apikey", "roll", "--apikey", keyId, "--grace", "1h")).code).toBe(0);
    expect((await run(token, "apikey", "delete", "--apikey", keyId)).code).toBe(0);

    const cli = (await storedEntries(w)).filter((entry) => entry.path === "cli");
    expect(cli.map((entry) => entry.action)).toEqual(["project.created", "api_key.created", "api_key.rolled", "api_key.deleted"]);
    for (const entry of cli) {
      expect(entry.address).toBe("192.0.2.77");
      expect(entry.userAgent).toMatch(/^platform-cli\/\S+ node\//);
    }

    const shown = await run(token, "audit", "show", "-w", w, "--json");
    expect(shown.code).toBe(0);
    const listed = JSON.parse(shown.out) as { action: string; path: string; object: { id: string } }[];
    expect(listed.slice(0, 4).map((entry) => [entry.action, entry.path])).toEqual([
      ["api_key.deleted", "cli"],
      ["api_key.rolled", "cli"],
      ["api_key.created", "cli"],
      ["project.created", "cli"],
    ]);
    const filtered = await run(token, "audit", "show", "-w", w, "--action", "api_key.rolled");
    expect(filtered.out).toMatch(/^action +: api_key\.rolled$/m);
    expect(filtered.out).not.toContain("api_key.created");
    expect(filtered.out).toMatch(/^path +: cli$/m);
    const paged = await run(token, "audit", "show", "-w", w, "--limit", "1");
    expect(paged.err).toMatch(/^More entries: add --cursor \d+\.aud_\w{16}$/m);
    expect((await run(token, "audit", "show", "-w", w, "--action", "bogus")).code).toBe(2);
    expect(shown.out + filtered.out).not.toContain(keyValue);
    expect(shown.out).not.toContain(token);
  });

  it("refuses `audit show` to a Viewer's token", async () => {
    const tenant = await makeTenant();
    const viewer = await makeMember(tenant, "VIEWER");
    const result = await run(await personalToken(viewer.actor), "audit", "show", "-w", tenant.workspaceId);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/does not allow this/);
    expect(result.out).toBe("");
  });
});

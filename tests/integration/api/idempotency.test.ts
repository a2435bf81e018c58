import { beforeAll, describe, expect, it } from "vitest";
import { POST as createApiKey } from "@/app/api/v1/environments/[id]/api-keys/route";
import { POST as createEnvironment } from "@/app/api/v1/projects/[id]/environments/route";
import { POST as createProject } from "@/app/api/v1/workspaces/[id]/projects/route";
import { db } from "@/lib/server/db";
import { makeTenant, unique, type Tenant } from "../../support/factories";
import { call, expectError, personalToken } from "./client";

// Idempotency-Key on REST creates: a retry gets the first answer (without the key's value, shown
// once), another body with the same key is a 422, two at once make one object, and a failed
// request leaves the key free.

let tenant: Tenant;
let token: string;
beforeAll(async () => {
  tenant = await makeTenant();
  token = await personalToken(tenant.owner.actor);
});

const keysNamed = async (name: string) => (await db()).apiKey.count({ where: { name } });

describe("Idempotency-Key", () => {
  it("replays an API key's creation without its value, marked as a replay, and makes one key", async () => {
    const name = unique("idem-key");
    const headers = { "idempotency-key": unique("retry") };
    const first = await call(createApiKey, "POST", { token, id: tenant.resourceId, body: { name }, headers });
    expect(first.status).toBe(201);
    expect(first.json.data.value).toMatch(/^pcsk_/);
    const again = await call(createApiKey, "POST", { token, id: tenant.resourceId, body: { name }, headers });
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.json.replayed).toBe(true);
    const { value: _value, ...withoutValue } = first.json.data;
    expect(again.json.data).toEqual(withoutValue);
    expect(again.text).not.toContain(first.json.data.value);
    expect(await keysNamed(name)).toBe(1);
    // The stored answer holds no key either.
    const rows = await (await db()).idempotentRequest.findMany();
    expect(JSON.stringify(rows)).not.toContain(first.json.data.value);
  });

  it("refuses the same key with another body (422) and changes nothing", async () => {
    const headers = { "idempotency-key": unique("reuse") };
    const name = unique("idem-project");
    expect((await call(createProject, "POST", { token, id: tenant.workspaceId, body: { name }, headers })).status).toBe(201);
    const other = await call(createProject, "POST", { token, id: tenant.workspaceId, body: { name: `${name}-2` }, headers });
    expectError(other, 422, "validation-error");
    expect(other.json.error.message).toContain("already used for another request");
    expect(await (await db()).project.count({ where: { name: `${name}-2` } })).toBe(0);
  });

  it("makes one object from 8 concurrent requests with one key: the others are replays or told it is in progress", async () => {
    const headers = { "idempotency-key": unique("burst") };
    const name = unique("idem-env");
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => call(createEnvironment, "POST", { token, id: tenant.projectId, body: { name, kind: "environment" }, headers })),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses.filter((status) => status === 201).length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((status) => status === 201 || status === 409)).toBe(true);
    expect(answers.filter((answer) => answer.status === 201 && !answer.json.replayed)).toHaveLength(1);
    expect(await (await db()).resource.count({ where: { name } })).toBe(1);
  });

  it("leaves the key free after a failed request, is per caller, and refuses a malformed key", async () => {
    const headers = { "idempotency-key": unique("failed") };
    const refused = await call(createApiKey, "POST", { token, id: tenant.resourceId, body: { name: "" }, headers });
    expectError(refused, 422, "validation-error");
    const name = unique("idem-after-failure");
    expect((await call(createApiKey, "POST", { token, id: tenant.resourceId, body: { name }, headers })).status).toBe(201);
    // Another caller with the same header value makes their own key.
    const other = await makeTenant();
    const otherToken = await personalToken(other.owner.actor);
    const theirs = await call(createApiKey, "POST", { token: otherToken, id: other.resourceId, body: { name }, headers });
    expect(theirs.status).toBe(201);
    expect(theirs.json.replayed).toBeUndefined();
    expectError(await call(createApiKey, "POST", { token, id: tenant.resourceId, body: { name }, headers: { "idempotency-key": "has space" } }), 422, "validation-error");
  });
});

describe("Idempotency-Key after its 24 hours", () => {
  it("treats a row older than 24 hours as absent even before the sweep deleted it: a new object, not a replay", async () => {
    const headers = { "idempotency-key": unique("day-old") };
    const name = unique("idem-old");
    expect((await call(createProject, "POST", { token, id: tenant.workspaceId, body: { name }, headers })).status).toBe(201);
    const prisma = await db();
    await prisma.idempotentRequest.updateMany({ data: { createdAt: new Date(Date.now() - 25 * 60 * 60 * 1000) }, where: { createdAt: { gt: new Date(Date.now() - 60_000) } } });
    const again = await call(createProject, "POST", { token, id: tenant.workspaceId, body: { name: `${name}-b` }, headers });
    expect(again.status).toBe(201);
    expect(again.json.replayed).toBeUndefined();
    expect(await prisma.project.count({ where: { name: `${name}-b` } })).toBe(1);
  });
});

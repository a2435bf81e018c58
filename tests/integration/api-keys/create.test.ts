import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { checkApiKeyFormat } from "@/lib/keys/api-key";
import { createApiKeyAction } from "@/lib/server/actions/create-api-key";
import { db } from "@/lib/server/db";
import { makeTenant, unique } from "../../support/factories";
import { asUser } from "../../support/session";

describe("createApiKeyAction", () => {
  it("returns a well-formed plaintext once and stores only its digest and hint", async () => {
    const tenant = await makeTenant();
    asUser(tenant.owner.actor);
    const name = unique("production");

    const result = await createApiKeyAction({ resourceId: tenant.resourceId, name });

    if (!result.ok) throw new Error(result.error);
    const { apiKey, plaintext } = result.data;
    expect(checkApiKeyFormat(plaintext)).toEqual({ ok: true });
    expect(apiKey).toMatchObject({ resourceId: tenant.resourceId, name, lastUsedAt: null });
    expect(apiKey.id).toMatch(/^key_[0-9A-Za-z]{16}$/);
    expect(JSON.stringify(apiKey)).not.toContain(plaintext);

    const row = await (await db()).apiKey.findUniqueOrThrow({ where: { id: apiKey.id } });
    expect(row.digest).toBe(createHash("sha256").update(plaintext).digest("hex"));
    expect(row.hint).toBe(`pcsk_…${plaintext.slice(-4)}`);
    expect(row.workspaceId).toBe(tenant.workspaceId);
    expect(row.createdById).toBe(tenant.owner.userId);
    // Neither the whole key nor its secret body appears anywhere in what the database holds.
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(plaintext);
    expect(stored).not.toContain(plaintext.slice(5, 37));
  });

  it("gives every key a different plaintext and digest", async () => {
    const tenant = await makeTenant();
    asUser(tenant.owner.actor);
    const first = await createApiKeyAction({ resourceId: tenant.resourceId, name: "same name" });
    const second = await createApiKeyAction({ resourceId: tenant.resourceId, name: "same name" });
    if (!first.ok || !second.ok) throw new Error("key creation failed");
    expect(first.data.plaintext).not.toBe(second.data.plaintext);
    const rows = await (await db()).apiKey.findMany({ where: { resourceId: tenant.resourceId } });
    expect(new Set(rows.map((row) => row.digest)).size).toBe(2);
  });

  it("stores the name trimmed", async () => {
    const tenant = await makeTenant();
    asUser(tenant.owner.actor);
    const result = await createApiKeyAction({ resourceId: tenant.resourceId, name: "   staging-api  " });
    if (!result.ok) throw new Error(result.error);
    const row = await (await db()).apiKey.findUniqueOrThrow({ where: { id: result.data.apiKey.id } });
    expect(row.name).toBe("staging-api");
  });
});

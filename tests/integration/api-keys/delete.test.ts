import { describe, expect, it } from "vitest";
import { deleteApiKeyAction } from "@/lib/server/actions/delete-api-key";
import { db } from "@/lib/server/db";
import { verifyApiKey } from "../../support/gateway";
import { makeApiKey, makeTenant, missingId } from "../../support/factories";
import { asUser } from "../../support/session";

describe("deleteApiKeyAction", () => {
  it("removes the key, and verification fails from the next request on", async () => {
    const tenant = await makeTenant();
    const doomed = await makeApiKey(tenant, "doomed");
    const kept = await makeApiKey(tenant, "kept");
    expect(await verifyApiKey(doomed.plaintext)).toMatchObject({ valid: true });
    asUser(tenant.owner.actor);

    const result = await deleteApiKeyAction({ apiKeyId: doomed.apiKey.id });

    expect(result).toMatchObject({ ok: true, data: { id: doomed.apiKey.id, name: "doomed" } });
    const prisma = await db();
    expect(await prisma.apiKey.findUnique({ where: { id: doomed.apiKey.id } })).toBeNull();
    expect(await verifyApiKey(doomed.plaintext)).toMatchObject({ valid: false, code: "NOT_FOUND" });
    expect(await verifyApiKey(doomed.plaintext, tenant.resourceId)).toMatchObject({ valid: false, code: "NOT_FOUND" });
    // Deleting one key leaves its neighbours working.
    expect(await verifyApiKey(kept.plaintext)).toMatchObject({ valid: true, keyId: kept.apiKey.id });
  });

  it("answers 'not found' for a key that was already deleted", async () => {
    const tenant = await makeTenant();
    const key = await makeApiKey(tenant);
    asUser(tenant.owner.actor);
    expect(await deleteApiKeyAction({ apiKeyId: key.apiKey.id })).toMatchObject({ ok: true });

    const again = await deleteApiKeyAction({ apiKeyId: key.apiKey.id });
    const missing = await deleteApiKeyAction({ apiKeyId: missingId("apiKey") });

    expect(again).toEqual({ ok: false, error: "API key was not found, or you do not have access to it." });
    expect(again).toEqual(missing);
  });

  it("refuses an id of another kind without touching the database", async () => {
    const tenant = await makeTenant();
    asUser(tenant.owner.actor);
    const result = await deleteApiKeyAction({ apiKeyId: tenant.resourceId });
    expect(result).toMatchObject({ ok: false, fieldErrors: { apiKeyId: [expect.any(String)] } });
  });
});

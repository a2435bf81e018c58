import { describe, expect, it } from "vitest";
import { deleteApiKeyAction } from "@/lib/server/actions/delete-api-key";
import { listApiKeysAction } from "@/lib/server/actions/list-api-keys";
import { NAMED_ACTIONS } from "../../support/actions";
import { makeApiKey, makeTenant } from "../../support/factories";
import { signOut } from "../../support/session";
import { membershipCount, snapshotWorkspace } from "../../support/snapshot";

const SIGNED_OUT = { ok: false, error: "Your session has ended. Sign in again." };

describe("actions without a session", () => {
  it.each(NAMED_ACTIONS)("$label refuses a valid input and writes nothing", async ({ run, input }) => {
    const tenant = await makeTenant();
    const before = await snapshotWorkspace(tenant.workspaceId);
    const memberships = await membershipCount(tenant.owner.userId);
    signOut();

    expect(await run(input(tenant, "valid name"))).toEqual(SIGNED_OUT);

    expect(await snapshotWorkspace(tenant.workspaceId)).toEqual(before);
    expect(await membershipCount(tenant.owner.userId)).toBe(memberships);
  });

  it("deleteApiKeyAction keeps the key", async () => {
    const tenant = await makeTenant();
    const key = await makeApiKey(tenant);
    const before = await snapshotWorkspace(tenant.workspaceId);
    signOut();
    expect(await deleteApiKeyAction({ apiKeyId: key.apiKey.id })).toEqual(SIGNED_OUT);
    expect(await snapshotWorkspace(tenant.workspaceId)).toEqual(before);
  });

  it("listApiKeysAction reveals nothing", async () => {
    const tenant = await makeTenant();
    await makeApiKey(tenant, "secret name");
    signOut();
    const result = await listApiKeysAction({ resourceId: tenant.resourceId });
    expect(result).toEqual(SIGNED_OUT);
  });
});

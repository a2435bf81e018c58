import { describe, expect, it } from "vitest";
import { createServiceTokenAction } from "@/lib/server/actions/create-service-token";
import { deleteAccessTokenAction } from "@/lib/server/actions/delete-access-token";
import {
  authenticateAccessToken,
  createPersonalToken,
  createServiceToken,
  listPersonalTokens,
  listServiceTokens,
} from "@/lib/server/data/access-tokens";
import { createApiKey } from "@/lib/server/data/api-keys";
import { listProjects } from "@/lib/server/data/projects";
import { db } from "@/lib/server/db";
import { makeMember, makeTenant, makeUser, missingId } from "../../support/factories";
import { asUser } from "../../support/session";

describe("personal access tokens", () => {
  it("store only a digest and authenticate as their user until deleted", async () => {
    const user = await makeUser();
    const { token, plaintext } = await createPersonalToken(user.actor, { name: "laptop" });
    expect(plaintext).toMatch(/^pcpat_[0-9A-Za-z]{38}$/);
    expect(token.hint).toBe(`pcpat_…${plaintext.slice(-4)}`);
    const row = await (await db()).accessToken.findUniqueOrThrow({ where: { id: token.id } });
    expect(JSON.stringify(row)).not.toContain(plaintext.slice(6, 30));

    expect(await authenticateAccessToken(plaintext)).toEqual({ actor: user.actor, tokenId: token.id });
    expect((await listPersonalTokens(user.actor))[0]?.lastUsedAt).not.toBeNull();

    asUser(user.actor);
    expect(await deleteAccessTokenAction({ tokenId: token.id })).toMatchObject({ ok: true });
    expect(await authenticateAccessToken(plaintext)).toBeNull();
  });

  it("reject look-alikes without a query and cannot be deleted by someone else", async () => {
    const owner = await makeUser();
    const { token, plaintext } = await createPersonalToken(owner.actor, { name: "ci" });
    const typo = `${plaintext.slice(0, -1)}${plaintext.endsWith("a") ? "b" : "a"}`;
    expect(await authenticateAccessToken(typo)).toBeNull();
    expect(await authenticateAccessToken("Bearer nonsense")).toBeNull();

    const stranger = await makeUser();
    asUser(stranger.actor);
    const foreign = await deleteAccessTokenAction({ tokenId: token.id });
    const missing = await deleteAccessTokenAction({ tokenId: missingId("accessToken") });
    expect(foreign).toEqual(missing);
    expect(await authenticateAccessToken(plaintext)).not.toBeNull();
  });
});

describe("workspace service tokens", () => {
  it("act as a Developer of their own workspace only", async () => {
    const tenant = await makeTenant();
    const other = await makeTenant();
    const { plaintext } = await createServiceToken(tenant.owner.actor, { workspaceId: tenant.workspaceId, name: "deploy" });
    const auth = await authenticateAccessToken(plaintext);
    expect(auth?.actor).toMatchObject({ type: "service", workspaceId: tenant.workspaceId });
    const actor = auth!.actor;

    expect(await listProjects(actor, tenant.workspaceId)).toHaveLength(1);
    const { apiKey } = await createApiKey(actor, { resourceId: tenant.resourceId, name: "from-ci" });
    expect(apiKey.createdBy).toBeNull();
    await expect(listProjects(actor, other.workspaceId)).rejects.toMatchObject({ code: "resource-not-found" });
    await expect(createApiKey(actor, { resourceId: other.resourceId, name: "x" })).rejects.toMatchObject({
      code: "resource-not-found",
    });
    await expect(listServiceTokens(actor, tenant.workspaceId)).rejects.toMatchObject({ code: "permission-denied" });
  });

  it("are created and deleted by Admins only", async () => {
    const tenant = await makeTenant();
    const developer = await makeMember(tenant, "DEVELOPER");
    asUser(developer.actor);
    const denied = await createServiceTokenAction({ workspaceId: tenant.workspaceId, name: "nope" });
    expect(denied).toMatchObject({ ok: false, error: "Your role in this workspace does not allow this." });

    asUser(tenant.owner.actor);
    const created = await createServiceTokenAction({ workspaceId: tenant.workspaceId, name: "deploy" });
    if (!created.ok) throw new Error(created.error);
    asUser(developer.actor);
    expect((await deleteAccessTokenAction({ tokenId: created.data.token.id })).ok).toBe(false);
    asUser(tenant.owner.actor);
    expect((await deleteAccessTokenAction({ tokenId: created.data.token.id })).ok).toBe(true);
    expect(await authenticateAccessToken(created.data.plaintext)).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import { GET as getMe } from "@/app/api/v1/me/route";
import { DELETE as revokeToken } from "@/app/api/v1/me/token/route";
import { GET as listWorkspaces } from "@/app/api/v1/workspaces/route";
import { apiRoute } from "@/lib/server/api/route";
import { createPersonalToken, deleteAccessToken } from "@/lib/server/data/access-tokens";
import { createApiKey } from "@/lib/server/data/api-keys";
import { personalTokens } from "@/lib/keys/access-token";
import { makeTenant, makeUser } from "../../support/factories";
import { call, expectError, expectNoStore, personalToken, serviceToken } from "./client";

describe("bearer authentication", () => {
  it("answers 401 with a hint when the token is missing", async () => {
    const response = await call(getMe, "GET");
    expectError(response, 401, "authentication-failed");
    expect(response.json.error.hint).toContain("npx platform auth login");
    expect(response.json.error.hint).toContain("Access tokens page (/account/tokens)");
  });

  it.each([
    ["garbage", "Bearer not-a-token"],
    ["a well-prefixed token with a bad checksum", "Bearer pcpat_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"],
    ["another scheme", "Basic dXNlcjpwYXNz"],
    ["an empty bearer", "Bearer "],
  ])("answers 401 for %s", async (_label, authorization) => {
    expectError(await call(getMe, "GET", { headers: { authorization } }), 401, "authentication-failed");
  });

  it("answers 401 for an API key presented as a token", async () => {
    const tenant = await makeTenant();
    const { plaintext } = await createApiKey(tenant.owner.actor, { resourceId: tenant.resourceId, name: "k" });
    expectError(await call(getMe, "GET", { token: plaintext }), 401, "authentication-failed");
  });

  it("answers 401 once the token is deleted in the Console", async () => {
    const user = await makeUser();
    const { token, plaintext } = await createPersonalToken(user.actor, { name: "laptop" });
    expect((await call(getMe, "GET", { token: plaintext })).status).toBe(200);
    await deleteAccessToken(user.actor, { tokenId: token.id });
    expectError(await call(getMe, "GET", { token: plaintext }), 401, "authentication-failed");
  });

  it("limits failed attempts per client address with 429 and Retry-After", async () => {
    const headers = { "x-platform-client-ip": "203.0.113.7", authorization: "Bearer pcpat_wrong" };
    for (let attempt = 0; attempt < 20; attempt++) {
      expect((await call(getMe, "GET", { headers })).status).toBe(401);
    }
    const limited = await call(getMe, "GET", { headers });
    expectError(limited, 429, "rate-limit-exceeded");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    // Another address is not affected.
    expect((await call(getMe, "GET", { headers: { ...headers, "x-platform-client-ip": "203.0.113.8" } })).status).toBe(401);
  });

  it("never refuses a valid token from an address that has spent its whole failure budget", async () => {
    const user = await makeUser();
    const { plaintext } = await createPersonalToken(user.actor, { name: "behind the same NAT" });
    const address = { "x-platform-client-ip": "203.0.113.9" };
    for (let attempt = 0; attempt < 20; attempt++) {
      const bad = attempt % 2 ? "Bearer pcpat_wrong" : `Bearer ${plaintext.slice(0, -1)}${plaintext.endsWith("A") ? "B" : "A"}`;
      expect((await call(getMe, "GET", { headers: { ...address, authorization: bad } })).status).toBe(401);
    }
    expectError(await call(getMe, "GET", { headers: { ...address, authorization: "Bearer pcpat_wrong" } }), 429, "rate-limit-exceeded");
    const valid = await call(getMe, "GET", { headers: { ...address, authorization: `Bearer ${plaintext}` } });
    expect(valid.status).toBe(200);
    expect(valid.json.data.id).toBe(user.userId);
    // A well-formed token that matches nothing: still 429 for this address, and again from memory.
    const unknown = personalTokens.generate().plaintext;
    for (let i = 0; i < 2; i++) {
      expectError(await call(getMe, "GET", { headers: { ...address, authorization: `Bearer ${unknown}` } }), 429, "rate-limit-exceeded");
    }
  });

  it("counts IPv6 addresses per /64", async () => {
    const from = (ip: string) => call(getMe, "GET", { headers: { "x-platform-client-ip": ip, authorization: "Bearer pcpat_wrong" } });
    for (let attempt = 0; attempt < 20; attempt++) expect((await from(`2001:db8:77:1::${attempt.toString(16)}`)).status).toBe(401);
    expectError(await from("2001:db8:77:1:ffff:ffff:ffff:ffff"), 429, "rate-limit-exceeded");
    expect((await from("2001:db8:77:2::1")).status).toBe(401);
  });
});

describe("GET /me", () => {
  it("describes a personal token's user", async () => {
    const user = await makeUser();
    const { token, plaintext } = await createPersonalToken(user.actor, { name: "laptop" });
    const response = await call(getMe, "GET", { token: plaintext });
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ data: { type: "user", id: user.userId, email: user.email, name: user.name, tokenId: token.id } });
    expectNoStore(response);
    expect(response.text).not.toContain(plaintext);
  });

  it("describes a service token's workspace", async () => {
    const tenant = await makeTenant();
    const { plaintext, tokenId } = await serviceToken(tenant);
    const response = await call(getMe, "GET", { token: plaintext });
    expect(response.json).toEqual({ data: { type: "service", tokenId, workspaceId: tenant.workspaceId } });
  });
});

describe("DELETE /me/token", () => {
  it("revokes the token used for the request, and only that one", async () => {
    const user = await makeUser();
    const doomed = await personalToken(user.actor);
    const kept = await personalToken(user.actor);

    const response = await call(revokeToken, "DELETE", { token: doomed });

    expect(response.status).toBe(200);
    expect(response.json).toEqual({ data: { revoked: true } });
    expectNoStore(response);
    expectError(await call(getMe, "GET", { token: doomed }), 401, "authentication-failed");
    expectError(await call(revokeToken, "DELETE", { token: doomed }), 401, "authentication-failed");
    expect((await call(getMe, "GET", { token: kept })).status).toBe(200);
  });

  it("lets a service token revoke itself", async () => {
    const tenant = await makeTenant();
    const { plaintext } = await serviceToken(tenant);
    expect((await call(revokeToken, "DELETE", { token: plaintext })).status).toBe(200);
    expectError(await call(listWorkspaces, "GET", { token: plaintext }), 401, "authentication-failed");
  });
});

describe("unexpected failures", () => {
  it("are logged and answered with a generic 500, never the raw error", async () => {
    const user = await makeUser();
    const token = await personalToken(user.actor);
    const failing = apiRoute(async () => {
      throw new Error('relation "secret_table" does not exist; password=hunter2');
    });
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      const response = await call(failing, "GET", { token });
      expectError(response, 500, "internal-error");
      expect(response.text).not.toContain("secret_table");
      expect(response.text).not.toContain("hunter2");
    } finally {
      console.error = original;
    }
    expect(errors).toHaveLength(1);
  });
});

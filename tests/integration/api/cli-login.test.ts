import { createHash, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { POST as exchangeRoute } from "@/app/api/v1/auth/cli/token/route";
import { GET as getMe } from "@/app/api/v1/me/route";
import { authorizeCliAction } from "@/lib/server/actions/authorize-cli";
import { listPersonalTokens } from "@/lib/server/data/access-tokens";
import { CLI_CODE_TTL_MS, createCliAuthorization } from "@/lib/server/data/cli-authorizations";
import { db } from "@/lib/server/db";
import { makeUser, type TestUser } from "../../support/factories";
import { FUZZ_VALUES, rawErrorIn } from "../../support/fuzz-corpus";
import { asUser } from "../../support/session";
import { call, expectError } from "./client";

// `platform auth login` on the server: the approval stores a one-time code bound to the CLI's S256
// challenge and redirects with ?code&state only; POST /auth/cli/token trades code + state +
// verifier for a personal access token, once, within 60 s, and answers every failure alike.

const verifier = () => randomBytes(32).toString("base64url");
const challengeOf = (v: string) => createHash("sha256").update(v).digest("base64url");
const newState = () => randomBytes(32).toString("base64url");

/** Approves as `user` through the action, as the Console's page does; returns what the CLI gets. */
async function approve(user: TestUser, options: { state?: string; codeVerifier?: string } = {}) {
  const state = options.state ?? newState();
  const codeVerifier = options.codeVerifier ?? verifier();
  asUser(user.actor);
  const result = await authorizeCliAction({
    state,
    redirect: "http://127.0.0.1:51234/callback",
    codeChallenge: challengeOf(codeVerifier),
    codeChallengeMethod: "S256",
  });
  if (!result.ok) throw new Error(result.error);
  const callback = new URL(result.data.callbackUrl);
  return { callback, state, codeVerifier, code: callback.searchParams.get("code")! };
}

let addresses = 0;
/** The exchange from an address of its own (the failure limit of one test never touches another). */
const exchange = (body: unknown, address = `192.0.2.${++addresses % 250}`) =>
  call(exchangeRoute, "POST", { body, headers: { "x-platform-client-ip": address } });

const REFUSED = "The login code is not valid: it is unknown, expired or already used, or the state or the code verifier does not match.";

describe("approving the CLI", () => {
  it("redirects to the loopback callback with a one-time code and the state only, and stores neither in plaintext", async () => {
    const user = await makeUser();
    const { callback, state, code } = await approve(user);
    expect(callback.origin + callback.pathname).toBe("http://127.0.0.1:51234/callback");
    expect([...callback.searchParams.keys()].sort()).toEqual(["code", "state"]);
    expect(callback.searchParams.get("state")).toBe(state);
    expect(code).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(callback.href).not.toMatch(/pcpat_/);
    expect(await listPersonalTokens(user.actor)).toEqual([]); // nothing minted before the exchange

    const rows = await (await db()).cliAuthorization.findMany({ where: { userId: user.userId } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).toMatch(/^cli_[0-9A-Za-z]{16}$/);
    expect(JSON.stringify(rows)).not.toContain(code);
    expect(JSON.stringify(rows)).not.toContain(state);
    expect(rows[0]!.expiresAt.getTime() - rows[0]!.createdAt.getTime()).toBeLessThanOrEqual(CLI_CODE_TTL_MS + 1000);
  });

  it("refuses callbacks other than http://127.0.0.1|localhost:<port>/callback, bad states and other challenge methods", async () => {
    const user = await makeUser();
    asUser(user.actor);
    const base = { state: newState(), redirect: "http://127.0.0.1:51234/callback", codeChallenge: challengeOf(verifier()), codeChallengeMethod: "S256" };
    for (const redirect of [
      "https://evil.example/callback",
      "http://127.0.0.1.evil.example:80/callback",
      "http://127.0.0.1:51234/other",
      "http://user:pw@127.0.0.1:51234/callback",
      "http://127.0.0.1/callback",
      "javascript:alert(1)",
    ]) {
      expect(await authorizeCliAction({ ...base, redirect }), redirect).toMatchObject({ ok: false, fieldErrors: { redirect: [expect.any(String)] } });
    }
    expect(await authorizeCliAction({ ...base, state: "short" })).toMatchObject({ ok: false, fieldErrors: { state: expect.any(Array) } });
    expect(await authorizeCliAction({ ...base, codeChallengeMethod: "plain" })).toMatchObject({ ok: false, fieldErrors: { codeChallengeMethod: expect.any(Array) } });
    expect(await authorizeCliAction({ ...base, codeChallenge: "too-short" })).toMatchObject({ ok: false, fieldErrors: { codeChallenge: expect.any(Array) } });
    const { codeChallenge: _omitted, ...withoutChallenge } = base;
    expect(await authorizeCliAction(withoutChallenge)).toMatchObject({ ok: false });
    expect(await (await db()).cliAuthorization.count({ where: { userId: user.userId } })).toBe(0);
  });
});

describe("POST /auth/cli/token", () => {
  it("trades the code, the state and the verifier for a personal access token of the approving user", async () => {
    const user = await makeUser();
    const { code, state, codeVerifier } = await approve(user);
    const response = await exchange({ code, state, codeVerifier });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.json.data).toEqual({ token: expect.stringMatching(/^pcpat_[0-9A-Za-z]{38}$/), tokenId: expect.stringMatching(/^tok_/) });
    const me = await call(getMe, "GET", { token: response.json.data.token });
    expect(me.json.data).toMatchObject({ type: "user", id: user.userId, tokenId: response.json.data.tokenId });
    expect((await listPersonalTokens(user.actor)).map((t) => t.name)).toEqual([expect.stringMatching(/^Platform CLI \(\d{4}-\d\d-\d\d \d\d:\d\d UTC\)$/)]);
  });

  it("answers a replay, a wrong state, a wrong verifier, an unknown and an expired code with one 401, minting nothing", async () => {
    const user = await makeUser();
    const first = await approve(user);
    expect((await exchange({ code: first.code, state: first.state, codeVerifier: first.codeVerifier })).status).toBe(200);
    const wrongState = await approve(user);
    const wrongVerifier = await approve(user);
    const expired = await createCliAuthorization(user.actor, { state: newState(), codeChallenge: challengeOf("v".repeat(43)) }, new Date(Date.now() - CLI_CODE_TTL_MS - 1));
    const attempts = {
      replay: { code: first.code, state: first.state, codeVerifier: first.codeVerifier },
      "wrong state": { code: wrongState.code, state: newState(), codeVerifier: wrongState.codeVerifier },
      "wrong verifier": { code: wrongVerifier.code, state: wrongVerifier.state, codeVerifier: verifier() },
      "the challenge as verifier": { code: wrongVerifier.code, state: wrongVerifier.state, codeVerifier: challengeOf(wrongVerifier.codeVerifier) },
      "unknown code": { code: randomBytes(32).toString("base64url"), state: first.state, codeVerifier: first.codeVerifier },
      expired: { code: expired.code, state: newState(), codeVerifier: "v".repeat(43) },
    };
    for (const [label, body] of Object.entries(attempts)) {
      const response = await exchange(body);
      expectError(response, 401, "authentication-failed");
      expect({ label, message: response.json.error.message }).toEqual({ label, message: REFUSED });
    }
    // A failed attempt spends the code: the right verifier afterwards is refused too.
    expectError(await exchange({ code: wrongVerifier.code, state: wrongVerifier.state, codeVerifier: wrongVerifier.codeVerifier }), 401, "authentication-failed");
    expect(await listPersonalTokens(user.actor)).toHaveLength(1);
  });

  it("gives one token to twenty concurrent exchanges of one code", async () => {
    const user = await makeUser();
    const { code, state, codeVerifier } = await approve(user);
    const responses = await Promise.all(Array.from({ length: 20 }, () => exchange({ code, state, codeVerifier })));
    expect(responses.map((r) => r.status).sort()).toEqual([200, ...Array(19).fill(401)]);
    expect(await listPersonalTokens(user.actor)).toHaveLength(1);
  });

  it("answers 422 for a body that is not the shared schema, and never echoes a secret", async () => {
    const { code, state, codeVerifier } = await approve(await makeUser());
    for (const body of [{}, { code, state }, { code, state, codeVerifier, extra: 1 }, { code: "x", state, codeVerifier }, "not json", [code]]) {
      const response = await exchange(body);
      expectError(response, 422, "validation-error");
      expect(response.text).not.toContain(codeVerifier);
    }
    expect((await exchange({ code, state, codeVerifier })).status).toBe(200); // refused bodies did not spend it
  });

  it("answers failures from an address past its budget with 429 and Retry-After, never a valid exchange; other addresses are not affected", async () => {
    const user = await makeUser();
    const address = "203.0.113.77";
    const ok = await approve(user);
    expect((await exchange({ code: ok.code, state: ok.state, codeVerifier: ok.codeVerifier }, address)).status).toBe(200);
    const wrong = () => ({ code: randomBytes(32).toString("base64url"), state: newState(), codeVerifier: verifier() });
    for (let attempt = 0; attempt < 20; attempt++) expect((await exchange(wrong(), address)).status).toBe(401);
    const limited = await exchange(wrong(), address);
    expectError(limited, 429, "rate-limit-exceeded");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    // The budget limits failures only: a valid code from the same address (someone else behind the
    // same NAT, say) still gets its token.
    const pending = await approve(user);
    expect((await exchange({ code: pending.code, state: pending.state, codeVerifier: pending.codeVerifier }, address)).status).toBe(200);
    expect((await exchange(wrong(), "203.0.113.78")).status).toBe(401);
  });

  it("takes the fuzz corpus in every field: never a 5xx or a raw error, and nothing minted", async () => {
    const user = await makeUser();
    let good = await approve(user);
    const statuses = new Set<number>();
    for (const [label, value] of FUZZ_VALUES) {
      for (const field of ["code", "state", "codeVerifier"] as const) {
        const { code, state, codeVerifier } = good;
        const response = await exchange({ code, state, codeVerifier, [field]: value });
        statuses.add(response.status);
        expect({ label, field, server: response.status < 500, raw: rawErrorIn(response.text) }).toEqual({ label, field, server: true, raw: null });
        expect(response.json.error).toMatchObject({ code: expect.any(String), message: expect.any(String), hint: expect.any(String) });
        // A well-formed wrong value spends the code (401); a malformed one never reaches it (422).
        if (response.status === 401) good = await approve(user);
      }
    }
    expect([...statuses].sort()).toEqual([401, 422]);
    expect(await listPersonalTokens(user.actor)).toEqual([]);
    expect((await exchange({ code: good.code, state: good.state, codeVerifier: good.codeVerifier })).status).toBe(200);
  });
});

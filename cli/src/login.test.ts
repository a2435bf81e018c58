// The PKCE half of `auth login` that lives in the CLI: the verifier, its S256 challenge, the login
// address and the code exchange (against the fake Console of test-support.ts).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { codeChallenge, exchangeCode, loginUrl, newState, newVerifier } from "./login";
import { fakeConsole, TOKEN } from "./test-support";

describe("PKCE", () => {
  it("makes a fresh 32-byte base64url verifier each time", () => {
    const verifiers = new Set(Array.from({ length: 20 }, newVerifier));
    expect(verifiers.size).toBe(20);
    for (const verifier of verifiers) expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from([...verifiers][0]!, "base64url")).toHaveLength(32);
  });

  it("computes S256 as RFC 7636 Appendix B does", () => {
    expect(codeChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")).toBe("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
  });

  it("puts the state, the callback and the challenge in the login address, never the verifier", () => {
    const verifier = newVerifier();
    const url = new URL(loginUrl("http://console.test", newState(), "http://127.0.0.1:5555/callback", codeChallenge(verifier)));
    expect(url.pathname).toBe("/auth/cli");
    expect([...url.searchParams.keys()]).toEqual(["state", "redirect", "code_challenge", "code_challenge_method"]);
    expect(url.searchParams.get("code_challenge")).toBe(codeChallenge(verifier));
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");
    expect(url.href).not.toContain(verifier);
  });
});

describe("exchangeCode", () => {
  let api: Awaited<ReturnType<typeof fakeConsole>>;
  beforeEach(async () => {
    api = await fakeConsole();
  });
  afterEach(() => api.close());

  it("returns the token for the right code, state and verifier, once", async () => {
    const state = newState();
    const verifier = newVerifier();
    const code = api.issueCode(state, codeChallenge(verifier));
    expect(await exchangeCode(api.url, { code, state, codeVerifier: verifier })).toBe(TOKEN);
    await expect(exchangeCode(api.url, { code, state, codeVerifier: verifier })).rejects.toThrow("The login code is not valid.");
  });

  it("fails with the Console's reason for a wrong verifier or state", async () => {
    const state = newState();
    const verifier = newVerifier();
    const wrongVerifier = await exchangeCode(api.url, { code: api.issueCode(state, codeChallenge(verifier)), state, codeVerifier: newVerifier() }).catch((e: Error) => e.message);
    const wrongState = await exchangeCode(api.url, { code: api.issueCode(state, codeChallenge(verifier)), state: newState(), codeVerifier: verifier }).catch((e: Error) => e.message);
    expect(wrongVerifier).toBe("The login code is not valid. Run `npx platform auth login` again.");
    expect(wrongState).toBe(wrongVerifier);
  });

  it("sends nothing for a malformed code", async () => {
    await expect(exchangeCode(api.url, { code: "not a code", state: newState(), codeVerifier: newVerifier() })).rejects.toThrow("the Console sent no valid code");
    expect(api.requests).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { checkApiKeyFormat, generateApiKey } from "./api-key";
import { accessTokenKind, personalTokens, serviceTokens } from "./access-token";

describe("access tokens", () => {
  it("have their own prefixes, patterns and checksums", () => {
    const personal = personalTokens.generate().plaintext;
    const service = serviceTokens.generate().plaintext;
    expect(personal).toMatch(/^pcpat_[0-9A-Za-z]{38}$/);
    expect(service).toMatch(/^pcwst_[0-9A-Za-z]{38}$/);
    expect(personalTokens.check(personal)).toEqual({ ok: true });
    expect(serviceTokens.check(service)).toEqual({ ok: true });
    expect(accessTokenKind(personal)).toBe("personal");
    expect(accessTokenKind(service)).toBe("service");
  });

  it("are never taken for one another or for an API key", () => {
    const personal = personalTokens.generate().plaintext;
    const apiKey = generateApiKey().plaintext;
    expect(serviceTokens.check(personal).ok).toBe(false);
    expect(personalTokens.check(apiKey).ok).toBe(false);
    expect(checkApiKeyFormat(personal).ok).toBe(false);
    expect(accessTokenKind(apiKey)).toBeNull();
  });
});

import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { API_KEY_LENGTH, API_KEY_PATTERN, apiKeyHint, checkApiKeyFormat, digestApiKey, generateApiKey } from "./api-key";
import { BASE62_ALPHABET, encodeBase62, randomBase62 } from "./base62";

describe("generateApiKey", () => {
  it("produces keys of the documented form with a valid checksum", () => {
    for (let i = 0; i < 200; i++) {
      const { plaintext } = generateApiKey();
      expect(plaintext).toMatch(API_KEY_PATTERN);
      expect(plaintext).toHaveLength(API_KEY_LENGTH);
      expect(checkApiKeyFormat(plaintext)).toEqual({ ok: true });
    }
  });

  it("stores only a SHA-256 digest and a hint that reveal nothing but the last four characters", () => {
    const { plaintext, digest, hint } = generateApiKey();
    expect(digest).toBe(createHash("sha256").update(plaintext).digest("hex"));
    expect(digest).not.toContain(plaintext.slice(5, 15));
    expect(hint).toBe(`pcsk_…${plaintext.slice(-4)}`);
    expect(hint).not.toContain(plaintext.slice(5, 9));
  });

  it("never repeats a key (at least 160 random bits)", () => {
    const keys = new Set(Array.from({ length: 2000 }, () => generateApiKey().plaintext));
    expect(keys.size).toBe(2000);
    // 32 base62 characters carry log2(62^32) ≈ 190.5 bits.
    expect(32 * Math.log2(62)).toBeGreaterThanOrEqual(160);
  });
});

describe("checkApiKeyFormat", () => {
  const { plaintext } = generateApiKey();

  it("rejects a single-character typo through the checksum", () => {
    const position = 10;
    const replacement = plaintext[position] === "a" ? "b" : "a";
    const typo = plaintext.slice(0, position) + replacement + plaintext.slice(position + 1);
    expect(checkApiKeyFormat(typo)).toEqual({ ok: false, reason: "bad-checksum" });
  });

  it("rejects swapped neighbouring characters", () => {
    const chars = [...plaintext];
    const i = chars.findIndex((c, index) => index > 5 && c !== chars[index + 1]);
    [chars[i], chars[i + 1]] = [chars[i + 1]!, chars[i]!];
    expect(checkApiKeyFormat(chars.join("")).ok).toBe(false);
  });

  it.each([
    ["empty", ""],
    ["wrong prefix", `sk_${plaintext.slice(5)}`],
    ["too short", plaintext.slice(0, -1)],
    ["too long", `${plaintext}a`],
    ["non-base62", `${plaintext.slice(0, -7)}-${plaintext.slice(-6)}`],
    ["surrounding space", ` ${plaintext}`],
    ["not a string", 42],
    ["null", null],
  ])("rejects %s as malformed", (_label, candidate) => {
    expect(checkApiKeyFormat(candidate)).toEqual({ ok: false, reason: "malformed" });
  });

  it("rejects random strings of the right shape almost always", () => {
    let accepted = 0;
    for (let i = 0; i < 5000; i++) {
      if (checkApiKeyFormat(`pcsk_${randomBase62(38)}`).ok) accepted++;
    }
    expect(accepted).toBe(0);
  });
});

describe("digestApiKey and apiKeyHint", () => {
  it("are deterministic", () => {
    const { plaintext } = generateApiKey();
    expect(digestApiKey(plaintext)).toBe(digestApiKey(plaintext));
    expect(apiKeyHint(plaintext)).toBe(apiKeyHint(plaintext));
  });
});

describe("base62", () => {
  it("draws every character of the alphabet and nothing else", () => {
    const sample = randomBase62(20_000);
    expect(new Set(sample).size).toBe(62);
    expect([...sample].every((c) => BASE62_ALPHABET.includes(c))).toBe(true);
  });

  it("encodes numbers with padding and refuses ones that do not fit", () => {
    expect(encodeBase62(0, 6)).toBe("000000");
    expect(encodeBase62(61, 2)).toBe("0z");
    expect(encodeBase62(62, 2)).toBe("10");
    expect(encodeBase62(0xffffffff, 6)).toHaveLength(6);
    expect(() => encodeBase62(62 ** 2, 2)).toThrow(RangeError);
    expect(() => encodeBase62(-1, 2)).toThrow(RangeError);
  });
});

import { describe, expect, it } from "vitest";
import { newId } from "@/lib/ids";
import { signUpSchema } from "./account";
import { createApiKeySchema, deleteApiKeySchema, listApiKeysSchema } from "./api-key";
import { NAME_PATTERN, nameSchema, resourceIdSchema } from "./common";
import { createResourceSchema } from "./resource";

describe("nameSchema", () => {
  it("trims and accepts 1–64 printable characters, including non-Latin text and emoji", () => {
    expect(nameSchema.parse("  production  ")).toBe("production");
    expect(nameSchema.parse("x".repeat(64))).toHaveLength(64);
    expect(nameSchema.parse("Produktion – München 🚀")).toBe("Produktion – München 🚀");
  });

  it.each([
    ["empty", "", "Enter a name."],
    ["whitespace only", "   \t ", "Enter a name."],
    ["65 characters", "x".repeat(65), "Use at most 64 characters."],
    ["a bell character", "prod\u0007", "Remove control or invisible characters from the name."],
    ["a newline", "prod\nstaging", "Remove control or invisible characters from the name."],
    ["a right-to-left override", "\u202Edorp", "Remove control or invisible characters from the name."],
    ["a zero-width space", "pro\u200Bd", "Remove control or invisible characters from the name."],
    ["a lone surrogate", "prod\uD800", "The name contains an invalid character."],
  ])("rejects %s with a clear message", (_label, value, message) => {
    const result = nameSchema.safeParse(value);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(message);
  });

  it("counts characters as code points, like JSON Schema's maxLength, and the 64 include surrounding spaces", () => {
    expect(nameSchema.parse("🚀".repeat(64))).toBe("🚀".repeat(64));
    expect(nameSchema.safeParse("🚀".repeat(65)).error?.issues[0]?.message).toBe("Use at most 64 characters.");
    expect(nameSchema.safeParse(` ${"x".repeat(64)}`).error?.issues).toEqual([expect.objectContaining({ message: "Use at most 64 characters." })]);
  });

  it("stops at the length check: one issue for a megabyte of controls", () => {
    expect(nameSchema.safeParse("\u0000".repeat(1 << 20)).error?.issues).toHaveLength(1);
  });

  // NAME_PATTERN is the document's `pattern`: it must accept and reject exactly what the schema does.
  it.each([
    ["production", true],
    ["  production \t\n", true],
    ["\uFEFFprod\uFEFF", true],
    ["a b", true],
    ["a\u00A0b", true],
    ["Produktion – München 🚀", true],
    ["x", true],
    ["", false],
    [" ", false],
    ["\u3000\u2028", false],
    ["a\tb", false],
    ["a\u0085b", false],
    ["a\u200Db", false],
    ["a\u2066b", false],
    ["a\uFEFFb", false],
    ["\uDC00", false],
    ["ok\uD83D", false],
  ])("NAME_PATTERN and nameSchema agree on %j (%s)", (value, valid) => {
    expect(NAME_PATTERN.test(value)).toBe(valid);
    expect(nameSchema.safeParse(value).success).toBe(valid);
  });

  it("rejects non-strings", () => {
    expect(nameSchema.safeParse(42).success).toBe(false);
    expect(nameSchema.safeParse(null).success).toBe(false);
  });
});

describe("id schemas", () => {
  it("accept only ids of the right kind", () => {
    expect(resourceIdSchema.safeParse(newId("environment")).success).toBe(true);
    expect(resourceIdSchema.safeParse(newId("database")).success).toBe(true);
    expect(resourceIdSchema.safeParse(newId("project")).success).toBe(false);
    expect(resourceIdSchema.safeParse("env_' OR 1=1 --").success).toBe(false);
    expect(deleteApiKeySchema.safeParse({ apiKeyId: newId("apiKey") }).success).toBe(true);
    expect(deleteApiKeySchema.safeParse({ apiKeyId: newId("workspace") }).success).toBe(false);
  });
});

describe("input objects", () => {
  it("reject unknown fields", () => {
    const result = createApiKeySchema.safeParse({ resourceId: newId("environment"), name: "ok", digest: "x" });
    expect(result.success).toBe(false);
  });

  it("bound list page sizes and default them", () => {
    const resourceId = newId("database");
    expect(listApiKeysSchema.parse({ resourceId }).limit).toBe(50);
    expect(listApiKeysSchema.safeParse({ resourceId, limit: 1001 }).success).toBe(false);
    expect(listApiKeysSchema.safeParse({ resourceId, limit: 0 }).success).toBe(false);
  });

  it("accept only known resource kinds", () => {
    const projectId = newId("project");
    expect(createResourceSchema.safeParse({ projectId, kind: "database", name: "db" }).success).toBe(true);
    expect(createResourceSchema.safeParse({ projectId, kind: "queue", name: "q" }).success).toBe(false);
  });

  it("normalise emails and require 10-character passwords", () => {
    const parsed = signUpSchema.parse({ name: "Ada", email: "  Ada@Example.COM ", password: "0123456789" });
    expect(parsed.email).toBe("ada@example.com");
    const short = signUpSchema.safeParse({ name: "Ada", email: "ada@example.com", password: "short" });
    expect(short.error?.issues[0]?.message).toBe("Use at least 10 characters.");
  });
});

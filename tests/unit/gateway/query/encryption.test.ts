import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  decryptConnectionString,
  DecryptionError,
  encryptConnectionString,
  loadEncryptionKey,
  parseEncryptionKey,
} from "@/lib/secrets/connection-encryption";

// Connection strings at rest: AES-256-GCM, random IV per value, bound to the resource's row.

const URL_WITH_PASSWORD = "postgresql://shop:Pa55-w0rd!x@db.example.com:5432/shop?sslmode=require";
const key = parseEncryptionKey(crypto.randomBytes(32).toString("base64"), "test");

const failureOf = (work: () => unknown): DecryptionError => {
  try {
    work();
  } catch (error) {
    if (error instanceof DecryptionError) return error;
    throw error;
  }
  throw new Error("expected a DecryptionError");
};

describe("connection-string encryption", () => {
  it("round-trips, with a fresh IV each time, and the stored text holds no part of the secret", () => {
    const first = encryptConnectionString(URL_WITH_PASSWORD, key, "db_0000000000000001");
    const second = encryptConnectionString(URL_WITH_PASSWORD, key, "db_0000000000000001");
    expect(first).not.toBe(second);
    expect(first).toMatch(/^v1\.[A-Za-z0-9_-]{8}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
    for (const part of ["Pa55-w0rd!x", "shop", "db.example.com", "postgresql"]) expect(first).not.toContain(part);
    expect(decryptConnectionString(first, key, "db_0000000000000001")).toBe(URL_WITH_PASSWORD);
    expect(decryptConnectionString(second, key, "db_0000000000000001")).toBe(URL_WITH_PASSWORD);
  });

  it("refuses a tampered value, another resource's row and another key, each with its own reason", () => {
    const stored = encryptConnectionString(URL_WITH_PASSWORD, key, "db_0000000000000001");
    const parts = stored.split(".");
    const flipped = Buffer.from(parts[3]!, "base64url");
    flipped[0]! ^= 1;
    const tampered = [...parts.slice(0, 3), flipped.toString("base64url"), parts[4]].join(".");
    expect(failureOf(() => decryptConnectionString(tampered, key, "db_0000000000000001")).reason).toBe("tampered");
    expect(failureOf(() => decryptConnectionString(stored, key, "db_0000000000000002")).reason).toBe("tampered");
    const other = parseEncryptionKey(crypto.randomBytes(32).toString("hex"), "other");
    const wrongKey = failureOf(() => decryptConnectionString(stored, other, "db_0000000000000001"));
    expect(wrongKey.reason).toBe("wrong-key");
    expect(wrongKey.message).toContain("PLATFORM_ENCRYPTION_KEY");
    // Even with a forged key id, the other key fails the integrity check.
    const forged = [parts[0], other.id, ...parts.slice(2)].join(".");
    expect(failureOf(() => decryptConnectionString(forged, other, "db_0000000000000001")).reason).toBe("tampered");
    expect(failureOf(() => decryptConnectionString("postgresql://plain", key, "db_0000000000000001")).reason).toBe("format");
    for (const error of [wrongKey]) expect(error.message).not.toContain("Pa55");
  });

  it("reads PLATFORM_ENCRYPTION_KEY (hex or base64), or generates one file (0600) once, and never invents one when told not to", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "platform-key-"));
    try {
      const env: Record<string, string> = { PLATFORM_DATA_DIR: dir };
      expect(() => loadEncryptionKey({ env })).toThrow(/set PLATFORM_ENCRYPTION_KEY/);
      const generated = loadEncryptionKey({ env, create: true });
      const file = path.join(dir, "encryption-key");
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(loadEncryptionKey({ env, create: true }).key.equals(generated.key)).toBe(true);
      expect(loadEncryptionKey({ env }).id).toBe(generated.id);
      const hex = crypto.randomBytes(32).toString("hex");
      expect(loadEncryptionKey({ env: { ...env, PLATFORM_ENCRYPTION_KEY: hex } }).key.toString("hex")).toBe(hex);
      expect(() => loadEncryptionKey({ env: { ...env, PLATFORM_ENCRYPTION_KEY: "short" } })).toThrow(/32 random bytes/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

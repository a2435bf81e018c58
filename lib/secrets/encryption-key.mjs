// The key that encrypts secrets at rest (resources' connection strings): PLATFORM_ENCRYPTION_KEY, or
// a key generated on first start into the data folder, like AUTH_SECRET. Plain JavaScript so that
// scripts/start.mjs can call it before the app starts; lib/secrets/connection-encryption.ts uses it.
//
// Every process that reads connection strings (each Console instance, each `npm run gateway`) needs
// the same key: with several instances, set PLATFORM_ENCRYPTION_KEY everywhere (or share the folder).
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { dataDirectory } from "../server/database-target.mjs";

export const ENCRYPTION_KEY_ENV = "PLATFORM_ENCRYPTION_KEY";
export const ENCRYPTION_KEY_FILE = "encryption-key";

/** @typedef {{ key: Buffer, id: string, source: string }} EncryptionKey */

/**
 * 32 bytes as 64 hex characters, or base64 / base64url (43–44 characters).
 * @param {string} text
 * @param {string} source where it came from, for the error message (never the value)
 * @returns {EncryptionKey}
 */
export function parseEncryptionKey(text, source) {
  const value = text.trim();
  let key = null;
  if (/^[0-9a-fA-F]{64}$/.test(value)) key = Buffer.from(value, "hex");
  else if (/^[A-Za-z0-9+/_-]{43}=?$/.test(value)) key = Buffer.from(value.replace(/-/g, "+").replace(/_/g, "/"), "base64");
  if (!key || key.length !== 32) {
    throw new Error(`${source} must be 32 random bytes, as 64 hex characters or base64 (e.g. openssl rand -base64 32).`);
  }
  // The key's id: lets a decryption tell "another key" from "tampered". Not secret, not reversible.
  const id = crypto.createHash("sha256").update("platform-console/encryption-key-id").update(key).digest("base64url").slice(0, 8);
  return { key, id, source };
}

/**
 * PLATFORM_ENCRYPTION_KEY if set; else `<data folder>/encryption-key`, created (mode 0600) when
 * `create` is true and it does not exist yet. A process that must not invent a key (the standalone
 * gateway: nothing would decrypt) passes create: false and gets an error naming what to set.
 * @param {{ env?: Record<string, string | undefined>, create?: boolean }} [options]
 * @returns {EncryptionKey}
 */
export function loadEncryptionKey({ env = process.env, create = false } = {}) {
  const fromEnv = env[ENCRYPTION_KEY_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== "") return parseEncryptionKey(fromEnv, ENCRYPTION_KEY_ENV);
  const file = path.join(/*turbopackIgnore: true*/ dataDirectory(env), ENCRYPTION_KEY_FILE);
  if (!fs.existsSync(file)) {
    if (!create) {
      throw new Error(`No encryption key: set ${ENCRYPTION_KEY_ENV} to the key the Console uses (its ${file}).`);
    }
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    try {
      // "wx": if another process created it meanwhile, keep theirs.
      fs.writeFileSync(file, crypto.randomBytes(32).toString("base64url"), { mode: 0o600, flag: "wx" });
    } catch (error) {
      if (/** @type {NodeJS.ErrnoException} */ (error).code !== "EEXIST") throw error;
    }
  }
  return parseEncryptionKey(fs.readFileSync(file, "utf8"), file);
}

// The one module that knows what an API key looks like. Format (GitHub's scheme):
//
//   pcsk_ + 32 random base62 characters (~190 bits) + 6 base62 characters of CRC32(prefix + random)
//
// The prefix lets secret scanners and the CLI spot a key; the checksum lets a verifier reject a typo
// or a random string without touching the database. Only a SHA-256 digest and a display hint are
// ever stored. This file runs on the server and in the CLI (it uses node:crypto and node:zlib).
import { createHash } from "node:crypto";
import { crc32 } from "node:zlib";
import { encodeBase62, randomBase62 } from "./base62";

export const API_KEY_PREFIX = "pcsk_";
const RANDOM_LENGTH = 32;
const CHECKSUM_LENGTH = 6;

/** Documented form of a key; the checksum is checked separately by `checkApiKeyFormat`. */
export const API_KEY_PATTERN = /^pcsk_[0-9A-Za-z]{38}$/;
export const API_KEY_LENGTH = API_KEY_PREFIX.length + RANDOM_LENGTH + CHECKSUM_LENGTH;

export type GeneratedApiKey = {
  /** Shown to the user once, then forgotten. */
  plaintext: string;
  /** What the database stores and verification looks up. */
  digest: string;
  /** Non-secret display form: prefix and last four characters. */
  hint: string;
};

function checksum(body: string): string {
  return encodeBase62(crc32(body), CHECKSUM_LENGTH);
}

export function generateApiKey(): GeneratedApiKey {
  const body = API_KEY_PREFIX + randomBase62(RANDOM_LENGTH);
  const plaintext = body + checksum(body);
  return { plaintext, digest: digestApiKey(plaintext), hint: apiKeyHint(plaintext) };
}

export type ApiKeyFormatCheck = { ok: true } | { ok: false; reason: "malformed" | "bad-checksum" };

/** Cheap, database-free check that a string can be one of our keys. */
export function checkApiKeyFormat(candidate: unknown): ApiKeyFormatCheck {
  if (typeof candidate !== "string" || !API_KEY_PATTERN.test(candidate)) return { ok: false, reason: "malformed" };
  const body = candidate.slice(0, API_KEY_LENGTH - CHECKSUM_LENGTH);
  const expected = checksum(body);
  return candidate.slice(-CHECKSUM_LENGTH) === expected ? { ok: true } : { ok: false, reason: "bad-checksum" };
}

/** Hex SHA-256 of the whole key. Keys carry ~190 random bits, so a slow hash adds nothing. */
export function digestApiKey(plaintext: string): string {
  return createHash("sha256").update(plaintext, "utf8").digest("hex");
}

export function apiKeyHint(plaintext: string): string {
  return `${API_KEY_PREFIX}…${plaintext.slice(-4)}`;
}

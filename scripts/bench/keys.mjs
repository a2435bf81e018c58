// The secret and id formats of lib/keys/secret.ts and lib/ids.ts, in plain JavaScript for the
// benchmark (lib/ is TypeScript): prefix + 32 random base62 + 6 base62 of CRC32(prefix + random),
// stored as a hex SHA-256 digest.
import { createHash, randomInt } from "node:crypto";
import { crc32 } from "node:zlib";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

export function randomBase62(length) {
  let out = "";
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(62)];
  return out;
}

function encodeBase62(value, width) {
  let out = "";
  let rest = value;
  do {
    out = ALPHABET[rest % 62] + out;
    rest = Math.floor(rest / 62);
  } while (rest > 0);
  return out.padStart(width, "0");
}

export const digest = (plaintext) => createHash("sha256").update(plaintext, "utf8").digest("hex");

/** A secret in the Console's format: { plaintext, digest, hint }. */
export function generateSecret(prefix) {
  const body = prefix + randomBase62(32);
  const plaintext = body + encodeBase62(crc32(body), 6);
  return { plaintext, digest: digest(plaintext), hint: `${prefix}…${plaintext.slice(-4)}` };
}

/** The cheap format and checksum check the verifier runs before any lookup. */
export function checkSecret(prefix, candidate) {
  const pattern = new RegExp(`^${prefix}[0-9A-Za-z]{38}$`);
  if (typeof candidate !== "string" || !pattern.test(candidate)) return false;
  return candidate.slice(-6) === encodeBase62(crc32(candidate.slice(0, -6)), 6);
}

export const newId = (prefix) => `${prefix}_${randomBase62(16)}`;

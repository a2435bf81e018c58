// Secrets the Console issues (API keys, access tokens) share one format, GitHub's scheme:
//
//   <prefix> + 32 random base62 characters (~190 bits) + 6 base62 characters of CRC32(prefix + random)
//
// The prefix says what the secret is and lets secret scanners and the CLI spot it; the checksum
// lets a verifier reject a typo or a random string without touching the database. Only a SHA-256
// digest and a display hint are ever stored. Server and CLI code (node:crypto, node:zlib).
import { createHash } from "node:crypto";
import { crc32 } from "node:zlib";
import { encodeBase62, randomBase62 } from "./base62";

const RANDOM_LENGTH = 32;
const CHECKSUM_LENGTH = 6;

export type GeneratedSecret = {
  /** Shown to the user once, then forgotten. */
  plaintext: string;
  /** What the database stores and verification looks up. */
  digest: string;
  /** Non-secret display form: prefix and last four characters. */
  hint: string;
};

export type SecretFormatCheck = { ok: true } | { ok: false; reason: "malformed" | "bad-checksum" };

export type SecretKind = {
  prefix: string;
  /** The documented form, e.g. /^pcsk_[0-9A-Za-z]{38}$/. */
  pattern: RegExp;
  length: number;
  generate(): GeneratedSecret;
  check(candidate: unknown): SecretFormatCheck;
  hint(plaintext: string): string;
};

function checksum(body: string): string {
  return encodeBase62(crc32(body), CHECKSUM_LENGTH);
}

/** Hex SHA-256 of the whole secret. ~190 random bits make a slow hash unnecessary. */
export function digestSecret(plaintext: string): string {
  return createHash("sha256").update(plaintext, "utf8").digest("hex");
}

export function secretKind(prefix: string): SecretKind {
  if (!/^[a-z]+_$/.test(prefix)) throw new Error(`bad secret prefix ${prefix}`);
  const pattern = new RegExp(`^${prefix}[0-9A-Za-z]{${RANDOM_LENGTH + CHECKSUM_LENGTH}}$`);
  const length = prefix.length + RANDOM_LENGTH + CHECKSUM_LENGTH;
  const hint = (plaintext: string) => `${prefix}…${plaintext.slice(-4)}`;
  return {
    prefix,
    pattern,
    length,
    hint,
    generate() {
      const body = prefix + randomBase62(RANDOM_LENGTH);
      const plaintext = body + checksum(body);
      return { plaintext, digest: digestSecret(plaintext), hint: hint(plaintext) };
    },
    check(candidate) {
      if (typeof candidate !== "string" || !pattern.test(candidate)) return { ok: false, reason: "malformed" };
      const body = candidate.slice(0, length - CHECKSUM_LENGTH);
      return candidate.slice(-CHECKSUM_LENGTH) === checksum(body) ? { ok: true } : { ok: false, reason: "bad-checksum" };
    },
  };
}

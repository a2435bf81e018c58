// Connection strings at rest: AES-256-GCM (node:crypto) with a fresh random 96-bit IV per value and
// the resource's id as additional authenticated data, so a ciphertext is only valid in the row it
// was written for (copied into another resource's row, it does not decrypt). Framework-free: the
// Console's data layer encrypts, the gateway's resolver decrypts.
//
//   v1.<key id>.<iv>.<ciphertext>.<tag>     (base64url parts; the key id tells "another key" from "tampered")
import crypto from "node:crypto";
import { ENCRYPTION_KEY_ENV, type EncryptionKey } from "./encryption-key.mjs";

export { ENCRYPTION_KEY_ENV, ENCRYPTION_KEY_FILE, loadEncryptionKey, parseEncryptionKey, type EncryptionKey } from "./encryption-key.mjs";

const VERSION = "v1";
const ALGORITHM = "aes-256-gcm";
const IV_BYTES = 12;
const TAG_BYTES = 16;

export type DecryptionFailure = "format" | "wrong-key" | "tampered";

/** Why a stored value could not be decrypted; the message never contains the value. */
export class DecryptionError extends Error {
  constructor(readonly reason: DecryptionFailure) {
    super(
      reason === "wrong-key"
        ? `The stored connection string was encrypted with another key than this process's ${ENCRYPTION_KEY_ENV}.`
        : reason === "tampered"
          ? "The stored connection string failed its integrity check (it was altered or belongs to another resource)."
          : "The stored connection string is not in a known encrypted format.",
    );
    this.name = "DecryptionError";
  }
}

const aad = (resourceId: string) => Buffer.from(`platform-console/resource-connection/${resourceId}`, "utf8");

export function encryptConnectionString(plaintext: string, key: EncryptionKey, resourceId: string): string {
  const iv = crypto.randomBytes(IV_BYTES);
  const cipher = crypto.createCipheriv(ALGORITHM, key.key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad(resourceId));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, key.id, iv.toString("base64url"), ciphertext.toString("base64url"), cipher.getAuthTag().toString("base64url")].join(".");
}

export function decryptConnectionString(stored: string, key: EncryptionKey, resourceId: string): string {
  const parts = stored.split(".");
  if (parts.length !== 5 || parts[0] !== VERSION) throw new DecryptionError("format");
  const [, keyId, ivText, ciphertextText, tagText] = parts as [string, string, string, string, string];
  if (keyId !== key.id) throw new DecryptionError("wrong-key");
  const iv = Buffer.from(ivText, "base64url");
  const tag = Buffer.from(tagText, "base64url");
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new DecryptionError("format");
  const decipher = crypto.createDecipheriv(ALGORITHM, key.key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(aad(resourceId));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(Buffer.from(ciphertextText, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new DecryptionError("tampered");
  }
}

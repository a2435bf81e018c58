// One-time secrets that prove who may do something once, in the shared format of ./secret.ts:
// an invitation's (`pcinv_`: in the link an Admin copies, or in the invitation mail) and an email
// verification's (`pcev_`: in the mail that proves control of an address) and a password reset's
// (`pcpwr_`: in the "Forgot password?" mail). Like keys and tokens,
// only their SHA-256 digest is stored; the prefix lets secret scanners spot a pasted link.
import { digestSecret, secretKind, type SecretKind } from "./secret";

export const invitationSecrets = secretKind("pcinv_");
export const emailVerificationSecrets = secretKind("pcev_");
export const passwordResetSecrets = secretKind("pcpwr_");

/**
 * The digest to look a presented secret up by, or null when it is not one of `kind`'s: a typo or
 * a random string is refused without a database query, like a key.
 */
export function digestOfPresented(kind: SecretKind, candidate: string): string | null {
  return kind.check(candidate).ok ? digestSecret(candidate) : null;
}

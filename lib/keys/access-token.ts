// Access tokens for the REST API and the CLI, in the shared secret format of ./secret.ts:
// personal access tokens act as their user (`pcpat_`), workspace service tokens as a Developer of
// one workspace (`pcwst_`). Distinct prefixes keep an API key from ever being taken for a token.
import { digestSecret, secretKind } from "./secret";

export const personalTokens = secretKind("pcpat_");
export const serviceTokens = secretKind("pcwst_");
export const digestAccessToken = digestSecret;

/** Which kind a bearer string claims to be, by its prefix; null when it is neither. */
export function accessTokenKind(candidate: string): "personal" | "service" | null {
  if (candidate.startsWith(personalTokens.prefix)) return "personal";
  if (candidate.startsWith(serviceTokens.prefix)) return "service";
  return null;
}

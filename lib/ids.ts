// Every id carries a type prefix (the Management API's convention), so an id pasted into the CLI,
// a URL or a support ticket says what it names. The random part is 16 base62 characters.
import { randomBase62 } from "./keys/base62";

export const ID_PREFIXES = {
  user: "usr",
  workspace: "wksp",
  membership: "mbr",
  project: "proj",
  database: "db",
  environment: "env",
  apiKey: "key",
  invitation: "inv",
  accessToken: "tok",
  session: "ses",
  emailVerification: "ev",
  passwordReset: "pwr",
  sentMail: "mail",
  cliAuthorization: "cli",
  auditLogEntry: "aud",
} as const;

export type IdKind = keyof typeof ID_PREFIXES;

export function newId(kind: IdKind): string {
  return `${ID_PREFIXES[kind]}_${randomBase62(16)}`;
}

export function idPattern(...kinds: IdKind[]): RegExp {
  return new RegExp(`^(?:${kinds.map((kind) => ID_PREFIXES[kind]).join("|")})_[0-9A-Za-z]{16}$`);
}

export const INVALID_ID_MESSAGE = "Not a valid id.";

/**
 * The same check as the zod id schemas (lib/schemas/common.ts) without loading zod, for the CLI's
 * fast paths: `{ safeParse }` with zod's result shape for what the CLI reads of it.
 */
export function idChecker(...kinds: IdKind[]) {
  const pattern = idPattern(...kinds);
  return {
    safeParse(value: unknown) {
      return typeof value === "string" && pattern.test(value)
        ? ({ success: true, data: value } as const)
        : ({ success: false, error: { issues: [{ message: INVALID_ID_MESSAGE }] } } as const);
    },
  };
}

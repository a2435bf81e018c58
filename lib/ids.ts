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
} as const;

export type IdKind = keyof typeof ID_PREFIXES;

export function newId(kind: IdKind): string {
  return `${ID_PREFIXES[kind]}_${randomBase62(16)}`;
}

export function idPattern(...kinds: IdKind[]): RegExp {
  return new RegExp(`^(?:${kinds.map((kind) => ID_PREFIXES[kind]).join("|")})_[0-9A-Za-z]{16}$`);
}

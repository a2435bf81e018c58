import { z } from "zod";
import { idPattern, INVALID_ID_MESSAGE, type IdKind } from "@/lib/ids";

// C0/C1 controls, zero-width and bidirectional formatting characters: they make a name render
// differently from what it is (a bidi override can reverse "prod" into "dorp" on screen).
const INVISIBLE_OR_CONTROL = /[\p{Cc}\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/u;

export const NAME_MAX_LENGTH = 64;

/** Names of workspaces, projects, resources and keys: trimmed, 1–64 characters, printable. */
export const nameSchema = z
  .string({ error: "Enter a name." })
  .trim()
  .min(1, { error: "Enter a name." })
  .max(NAME_MAX_LENGTH, { error: `Use at most ${NAME_MAX_LENGTH} characters.` })
  .refine((value) => value.isWellFormed(), { error: "The name contains an invalid character." })
  .refine((value) => !INVISIBLE_OR_CONTROL.test(value), {
    error: "Remove control or invisible characters from the name.",
  });

/** A free-text search term: what a name may contain, but possibly empty. */
export const searchTermSchema = z
  .string()
  .trim()
  .max(NAME_MAX_LENGTH, { error: `Use at most ${NAME_MAX_LENGTH} characters.` })
  .refine((value) => value.isWellFormed() && !INVISIBLE_OR_CONTROL.test(value), {
    error: "Remove control or invisible characters from the search.",
  });

export function idSchema(...kinds: IdKind[]) {
  return z.string({ error: "Missing id." }).regex(idPattern(...kinds), { error: INVALID_ID_MESSAGE });
}

export const workspaceIdSchema = idSchema("workspace");
export const projectIdSchema = idSchema("project");
export const resourceIdSchema = idSchema("database", "environment");
export const apiKeyIdSchema = idSchema("apiKey");

/** Field errors keyed by field name, as forms display them. */
export type FieldErrors = Record<string, string[] | undefined>;

export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  return z.flattenError(error).fieldErrors as FieldErrors;
}

import { z } from "zod";
import { idPattern, INVALID_ID_MESSAGE, type IdKind } from "@/lib/ids";
import { NAME_MAX_LENGTH } from "./limits";

// C0/C1 controls, zero-width and bidirectional formatting characters: they make a name render
// differently from what it is (a bidi override can reverse "prod" into "dorp" on screen). Lone
// surrogates (U+D800–U+DFFF on their own) are not text at all.
const FORBIDDEN = "\\u0000-\\u001f\\u007f-\\u009f\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u2069\\ufeff\\ud800-\\udfff";
// What String.prototype.trim() removes (ECMAScript's WhiteSpace and LineTerminator), spelt out
// rather than `\\s`, whose meaning differs between regex dialects (Python's has U+001C–U+001F).
/** The characters trim() removes, as the body of a regex character class (for patterns of trimmed strings). */
export const TRIMMED = "\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff";
const INVISIBLE_OR_CONTROL = new RegExp(`[${FORBIDDEN}]`, "u");

export { CONNECTION_STRING_MAX_LENGTH, NAME_MAX_LENGTH } from "./limits";

/**
 * Every rule of a name as one regular expression over the input as sent (code points, the `u`
 * flag): surrounding whitespace (trimmed away), then at least one character that is neither
 * whitespace nor forbidden, any allowed characters, and a last visible one. It is the check the
 * server runs and, verbatim, the `pattern` of the OpenAPI document, so the two cannot disagree.
 */
export const NAME_PATTERN = new RegExp(
  `^[${TRIMMED}]*[^${TRIMMED}${FORBIDDEN}](?:[^${FORBIDDEN}]*[^${TRIMMED}${FORBIDDEN}])?[${TRIMMED}]*$`,
  "u",
);

/** Length in code points (what JSON Schema's maxLength counts), stopping early past `max`. */
function atMostCodePoints(value: string, max: number): boolean {
  if (value.length <= max) return true;
  if (value.length > 2 * max) return false;
  let count = 0;
  for (const _ of value) if (++count > max) return false;
  return true;
}

/** Which rule a name that does not match NAME_PATTERN breaks, in the user's words. */
function nameProblem(input: unknown): string {
  const value = typeof input === "string" ? input : "";
  if (value.trim() === "") return "Enter a name.";
  if (!value.isWellFormed()) return "The name contains an invalid character.";
  return "Remove control or invisible characters from the name.";
}

/**
 * Names of workspaces, projects, resources, keys and tokens: at most 64 characters (code points)
 * as sent, whitespace at both ends trimmed away, at least one visible character, no control,
 * zero-width or bidi formatting character and no lone surrogate. The length is checked first (and
 * ends the check), so a megabyte of input never reaches the pattern.
 */
export const nameSchema = z
  .string({ error: "Enter a name." })
  .refine((value) => atMostCodePoints(value, NAME_MAX_LENGTH), {
    error: `Use at most ${NAME_MAX_LENGTH} characters.`,
    abort: true,
  })
  .regex(NAME_PATTERN, { error: (issue) => nameProblem(issue.input) })
  .trim()
  // What JSON Schema can say of the refinement above (it counts code points too).
  .meta({
    minLength: 1,
    maxLength: NAME_MAX_LENGTH,
    description:
      "1–64 characters; whitespace at both ends is trimmed; at least one visible character; no control, " +
      "zero-width or bidirectional formatting characters. `pattern` is an ECMA-262 expression with the `u` flag.",
  });

/** A free-text search term: what a name may contain, but possibly empty. */
export const searchTermSchema = z
  .string()
  .trim()
  .max(NAME_MAX_LENGTH, { error: `Use at most ${NAME_MAX_LENGTH} characters.` })
  .refine((value) => !INVISIBLE_OR_CONTROL.test(value), {
    error: "Remove control or invisible characters from the search.",
  });

/**
 * A list cursor: the position of the previous page's last item, `<createdAt in ms>.<id>` (so
 * deleting that item between two requests does not end the list). One pattern per list, with the
 * id kinds it holds; the OpenAPI document shows it as the `cursor` parameter's pattern.
 */
export function cursorPattern(...kinds: IdKind[]): RegExp {
  return new RegExp(`^([0-9]{1,15})\\.(${idPattern(...kinds).source.slice(1, -1)})$`);
}

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

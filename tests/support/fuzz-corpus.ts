import { newId, type IdKind } from "@/lib/ids";

// Hostile and odd inputs for names, ids, query parameters and headers. Each entry has a label so a
// failure names the input without printing a megabyte. Used by tests/integration/fuzz/**.

export type FuzzEntry = readonly [label: string, value: unknown];

/** Strings: what a form field or a JSON string property can carry. */
export const FUZZ_STRINGS: readonly (readonly [string, string])[] = [
  ["empty", ""],
  ["whitespace", " \t\n\r  "],
  ["padded", "   padded name   "],
  ["10 KB", "x".repeat(10 * 1024)],
  ["1 MB", "y".repeat(1024 * 1024)],
  ["64 characters", "b".repeat(64)],
  ["65 characters", "a".repeat(65)],
  ["NUL", "nul\u0000name"],
  ["bell", "bell\u0007name"],
  ["ANSI escape", "\u001b[31mred\u001b[0m"],
  ["newline inside", "two\nlines"],
  ["DEL and C1", "del\u007f\u0085\u009b"],
  ["RTL override", "prod\u202etset"],
  ["LRI isolate", "\u2066isolated\u2069"],
  ["zero-width space", "zero\u200bwidth"],
  ["zero-width joiner alone", "join\u200dme"],
  ["BOM", "\ufeffbom"],
  ["lone high surrogate", "bad\ud800name"],
  ["lone low surrogate", "bad\udc00name"],
  ["emoji", "rocket 🚀 launch"],
  ["ZWJ family emoji", "family 👨‍👩‍👧‍👦"],
  ["flag emoji", "🇩🇪 Berlin"],
  ["non-Latin", "本番 環境"],
  ["SQL tautology", "' OR 1=1 --"],
  ["SQL drop", `'); DROP TABLE "ApiKey"; --`],
  ["SQL comment", "name/**/UNION SELECT * FROM \"User\""],
  ["script tag", "<script>alert(1)</script>"],
  ["img onerror", `"><img src=x onerror=alert(1)>`],
  ["javascript URL", "javascript:alert(1)"],
  ["template literal", "${process.env.AUTH_SECRET}"],
  ["path traversal", "../../etc/passwd"],
  ["encoded traversal", "..%2F..%2Fetc%2Fpasswd"],
  ["__proto__", "__proto__"],
  ["constructor", "constructor"],
  ["percent", "100%"],
  ["JSON-looking", '{"$ne":null}'],
];

/** Values of the wrong type where a string is expected. */
export const FUZZ_NON_STRINGS: readonly FuzzEntry[] = [
  ["number", 42],
  ["NaN", Number.NaN],
  ["negative zero", -0],
  ["huge number", 1e308],
  ["true", true],
  ["false", false],
  ["null", null],
  ["undefined", undefined],
  ["array", ["name"]],
  ["empty array", []],
  ["object", { name: "x" }],
  ["empty object", {}],
  ["prototype-polluting object", JSON.parse('{"__proto__":{"polluted":true}}')],
  ["Date", new Date(0)],
];

/** Everything for a string field. */
export const FUZZ_VALUES: readonly FuzzEntry[] = [...FUZZ_STRINGS, ...FUZZ_NON_STRINGS];

/**
 * For connection-string fields: the corpus, and strings close to a valid one that each break one
 * rule of the shared schema (none of them may be stored or connected to).
 */
export const FUZZ_CONNECTION_STRINGS: readonly FuzzEntry[] = [
  ...FUZZ_VALUES,
  ["mysql scheme", "mysql://u:p@127.0.0.1/d"],
  ["no user", "postgresql://:p@127.0.0.1/d"],
  ["no database", "postgresql://u:p@127.0.0.1"],
  ["unencoded @ in the password", "postgresql://u:p@ss@127.0.0.1/d"],
  ["port 99999", "postgresql://u:p@127.0.0.1:99999/d"],
  ["sslkey file", "postgresql://u:p@127.0.0.1/d?sslkey=/etc/shadow"],
  ["host parameter", "postgresql://u:p@127.0.0.1/d?host=/var/run/postgresql"],
  ["fragment", "postgresql://u:p@127.0.0.1/d#x"],
  ["NUL in the password", "postgresql://u:p\u0000w@127.0.0.1/d"],
  ["3 KB", `postgresql://u:p@127.0.0.1/${"d".repeat(3000)}`],
];

/** The strings only, small enough to be used in URLs (the 1 MB one is left out). */
export const FUZZ_URL_STRINGS: readonly (readonly [string, string])[] = FUZZ_STRINGS.filter(([label]) => label !== "1 MB");

// The strings tried in id fields: the kinds that reach a regex or a query differently (an id field
// is a pattern match, so repeating every name-shaped string there adds calls, not coverage).
const ID_FIELD_STRINGS = new Set([
  "empty", "whitespace", "10 KB", "1 MB", "NUL", "ANSI escape", "RTL override", "zero-width space",
  "lone high surrogate", "emoji", "SQL tautology", "SQL drop", "script tag", "img onerror",
  "path traversal", "__proto__", "constructor", "JSON-looking",
]);

/**
 * Ids that must be refused for a field of `kind`: the fuzz values, ids of every other prefix,
 * near misses, and well-formed ids of the right kind that name nothing.
 */
export function fuzzIds(kind: IdKind, ...alsoAccepted: IdKind[]): FuzzEntry[] {
  const accepted = new Set<IdKind>([kind, ...alsoAccepted]);
  const otherKinds = (
    ["user", "workspace", "membership", "project", "database", "environment", "apiKey", "invitation", "accessToken"] as IdKind[]
  ).filter((other) => !accepted.has(other));
  const good = newId(kind);
  return [
    ...FUZZ_NON_STRINGS,
    ...FUZZ_STRINGS.filter(([label]) => ID_FIELD_STRINGS.has(label)),
    ...otherKinds.map((other) => [`a ${other} id`, newId(other)] as const),
    ["missing id", newId(kind)],
    ["missing id 2", newId(kind)],
    ["too short", good.slice(0, -1)],
    ["too long", `${good}x`],
    ["upper-case prefix", good.toUpperCase()],
    ["trailing newline", `${good}\n`],
    ["leading space", ` ${good}`],
    ["SQL after id", `${good}' OR 1=1 --`],
    ["non-ASCII digit", `${good.slice(0, -1)}٣`],
    ["prefix only", good.split("_")[0] + "_"],
  ];
}

/** Authorization header values that must be refused. */
export const FUZZ_AUTHORIZATION: readonly (readonly [string, string])[] = [
  ["empty", ""],
  ["Bearer alone", "Bearer"],
  ["Bearer and space", "Bearer "],
  ["Basic", "Basic dXNlcjpwYXNz"],
  ["garbage", "Bearer not-a-token"],
  ["well-prefixed, bad checksum", `Bearer pcpat_${"A".repeat(38)}`],
  ["service prefix, bad checksum", `Bearer pcwst_${"A".repeat(38)}`],
  ["API key prefix", `Bearer pcsk_${"A".repeat(38)}`],
  ["two tokens", `Bearer pcpat_${"A".repeat(38)} pcpat_${"B".repeat(38)}`],
  ["10 KB token", `Bearer ${"x".repeat(10 * 1024)}`],
  ["SQL", "Bearer ' OR 1=1 --"],
  ["script", "Bearer <script>alert(1)</script>"],
  ["traversal", "Bearer ../../etc/passwd"],
  ["__proto__", "Bearer __proto__"],
  ["lower-case scheme, bad token", "bearer pcpat_zzzz"],
];

// A control, bidi or invisible character, or a lone surrogate: none may be in a stored name.
const INVISIBLE_OR_CONTROL = /[\p{Cc}\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/u;

/** Why a stored name is not clean, or null when it is. */
export function uncleanName(name: string): string | null {
  if (name !== name.trim()) return "not trimmed";
  if (!name.isWellFormed()) return "lone surrogate";
  if (INVISIBLE_OR_CONTROL.test(name)) return "control, bidi or invisible character";
  if (name.length === 0) return "empty";
  return null;
}

// Text that would show a database, driver or runtime error reached a user.
const RAW_ERROR = [
  /prisma/i,
  /invalid `/i,
  /\bat [\w$.<>]+ \(/, // stack frame "at fn (file:line)"
  /\bat (?:async )?(?:\/|file:)\S+:\d+|node:internal/, // stack frame without a function name
  /\.(?:ts|js|mjs):\d+/,
  /ZodError|TypeError|ReferenceError|SyntaxError/,
  /\bSQLSTATE\b|violates|duplicate key|relation "|syntax error at/i,
  // "PostgreSQL" and "postgresql://…" are the product's own words (the connection-string field's
  // messages); a bare "postgres" is a driver's or server's (`role "postgres"`, `postgres.js`).
  /PGlite|pg_|postgres(?!ql)/i,
  /undefined is not|cannot read propert/i,
];

/** The first raw-error pattern `text` matches, or null. */
export function rawErrorIn(text: string): string | null {
  for (const pattern of RAW_ERROR) if (pattern.test(text)) return String(pattern);
  return null;
}

/** A short, printable description of a value, for assertion messages. */
export function describeValue(value: unknown): string {
  const text = typeof value === "string" ? JSON.stringify(value) : String(JSON.stringify(value) ?? value);
  return text.length > 60 ? `${text.slice(0, 57)}…(${text.length})` : text;
}

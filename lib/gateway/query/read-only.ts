// Read-only keys: the gateway refuses every write before anything reaches the database. A request of a
// read-only key passes only if it is provably a read, judged on what the client sent:
//
// - the JSON protocol operation must be one of Prisma Client's reads (findMany, aggregate, queryRaw, …);
//   createOne, updateMany, upsertOne, deleteMany, executeRaw and anything unknown are refused;
// - the query plan may contain no `execute` node (Prisma compiles every write, and $executeRaw, to one),
//   and every `query` node's SQL must be one plain SELECT: after removing comments, literals and quoted
//   identifiers, it starts with SELECT, has no second statement, no SELECT … INTO, no row locks, no
//   data-modifying word, and calls none of PostgreSQL's functions that write or act on the server.
//
// What cannot be judged from the text (a user-defined function that writes, called from raw SQL) is
// caught by the database itself: raw queries and interactive transactions of read-only keys run in
// READ ONLY transactions (engine.ts). Plan shapes read in @prisma/client-engine-runtime 7.10.0
// (QueryPlanNode, QueryPlanDbQuery: rawSql | templateSql with stringChunk fragments).
import { CODES } from "./accelerate-protocol";
import { GatewayQueryError } from "./errors";

/** Prisma Client's read operations in the JSON protocol (@prisma/client 7, JsonQueryAction). */
const READ_OPERATIONS = new Set([
  "findUnique",
  "findUniqueOrThrow",
  "findFirst",
  "findFirstOrThrow",
  "findMany",
  "aggregate",
  "groupBy",
  "queryRaw",
]);

// Words that have no place in a plain SELECT outside quotes: statements that write or change state.
const WRITE_WORDS =
  /\b(insert|update|delete|merge|upsert|copy|create|alter|drop|truncate|grant|revoke|call|do|lock|set|reset|vacuum|analyze|cluster|reindex|refresh|notify|listen|unlisten|comment|security|discard|prepare|execute|deallocate|into|returning)\b/i;
// Row locks (FOR UPDATE, FOR NO KEY UPDATE, FOR SHARE, FOR KEY SHARE) write lock marks on rows.
const ROW_LOCK = /\bfor\s+(update|no\s+key|share|key\s+share)\b/i;
// Built-in functions with effects: sequences, advisory locks, large objects, settings, signals, WAL,
// replication, foreign connections, notifications, files.
const EFFECT_FUNCTIONS =
  /\b(nextval|setval|currval|lastval|pg_advisory\w*|pg_try_advisory\w*|lo_\w+|set_config|pg_notify|pg_terminate_backend|pg_cancel_backend|pg_reload_conf|pg_rotate_logfile|pg_switch_wal|pg_create\w*|pg_drop\w*|pg_replication\w*|pg_logical\w*|pg_promote|pg_file\w*|pg_read\w*|pg_stat_reset\w*|dblink\w*|txid_current|pg_current_xact_id)\s*\(/i;

export class ReadOnlyViolation extends GatewayQueryError {
  constructor(reason: string) {
    super(CODES.readOnlyKey, `This API key is read-only, so the gateway refused the request before it reached the database: ${reason}`, { permission: "read-only" });
  }
}

/** Throws ReadOnlyViolation unless the request is provably a read. */
export function assertReadOnlyRequest(body: { operation: string; plan: unknown }): void {
  if (!READ_OPERATIONS.has(body.operation)) {
    throw new ReadOnlyViolation(`${body.operation.slice(0, 64)} writes (or may write). Use a read-write key for writes.`);
  }
  visit(body.plan, 0);
}

/** Whether a read-only key's request should also run in a READ ONLY transaction (SQL the client wrote). */
export const needsReadOnlyTransaction = (body: { operation: string }): boolean => body.operation === "queryRaw";

function visit(node: unknown, depth: number): void {
  if (depth > 200) throw new ReadOnlyViolation("the query plan is nested too deeply to be checked.");
  if (Array.isArray(node)) {
    for (const child of node) visit(child, depth + 1);
    return;
  }
  if (node === null || typeof node !== "object") return;
  const record = node as Record<string, unknown>;
  if (record.type === "execute") throw new ReadOnlyViolation("the query writes (its plan executes a statement).");
  if (record.type === "query") checkSql(sqlOf(record.args));
  for (const value of Object.values(record)) visit(value, depth + 1);
}

/** The SQL text of a plan's `query` node; anything of another shape cannot be judged, so it is refused. */
function sqlOf(args: unknown): string {
  const query = args as { type?: unknown; sql?: unknown; fragments?: unknown } | null;
  if (query?.type === "rawSql" && typeof query.sql === "string") return query.sql;
  if (query?.type === "templateSql" && Array.isArray(query.fragments)) {
    return query.fragments
      .map((fragment: { type?: unknown; chunk?: unknown }) => (fragment?.type === "stringChunk" ? String(fragment.chunk ?? "") : " $0 "))
      .join("");
  }
  throw new ReadOnlyViolation("a query in its plan has a shape this gateway cannot check.");
}

/** Throws unless `sql` is one plain SELECT statement. */
export function checkSql(sql: string): void {
  const code = stripLiterals(sql).trim().replace(/;\s*$/, "");
  if (code.includes(";")) throw new ReadOnlyViolation("the SQL holds more than one statement.");
  if (!/^\(*\s*select\b/i.test(code)) throw new ReadOnlyViolation(`the SQL is not a plain SELECT (it starts with “${firstWord(code)}”).`);
  const word = WRITE_WORDS.exec(code) ?? ROW_LOCK.exec(code);
  if (word) throw new ReadOnlyViolation(`the SQL is not a plain SELECT (it contains “${word[0].toUpperCase()}”).`);
  const call = EFFECT_FUNCTIONS.exec(code);
  if (call) throw new ReadOnlyViolation(`the SQL calls ${call[1]}(), which has effects.`);
}

const firstWord = (code: string) => (/^[^\s(]*/.exec(code)?.[0] ?? "").slice(0, 20).toUpperCase() || "nothing";

/**
 * The SQL with comments, string literals (standard, E'' and dollar-quoted) and quoted identifiers
 * replaced by a space, so that only code remains. An unterminated one is refused: its end is unknown.
 */
export function stripLiterals(sql: string): string {
  let out = "";
  let i = 0;
  while (i < sql.length) {
    const rest = sql.slice(i);
    const char = sql[i]!;
    let end: number;
    if (rest.startsWith("--")) end = endOf(sql, "\n", i + 2, true);
    else if (rest.startsWith("/*")) end = endOfBlockComment(sql, i);
    else if (char === "'") end = endOfQuoted(sql, i, "'", /[eE]$/.test(out) && !/\w[eE]$/.test(out));
    else if (char === '"') end = endOfQuoted(sql, i, '"', false);
    else if (char === "$") {
      const tag = /^\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$/.exec(rest)?.[0];
      if (!tag) {
        out += char;
        i++;
        continue;
      }
      end = endOf(sql, tag, i + tag.length, false);
    } else {
      out += char;
      i++;
      continue;
    }
    out += " ";
    i = end;
  }
  return out;
}

function unterminated(): never {
  throw new ReadOnlyViolation("the SQL has an unterminated comment, string or quoted name.");
}

function endOf(sql: string, closing: string, from: number, endOfTextCloses: boolean): number {
  const at = sql.indexOf(closing, from);
  if (at === -1) return endOfTextCloses ? sql.length : unterminated();
  return at + closing.length;
}

function endOfBlockComment(sql: string, start: number): number {
  let depth = 0;
  for (let i = start; i < sql.length - 1; i++) {
    if (sql.startsWith("/*", i)) {
      depth++;
      i++;
    } else if (sql.startsWith("*/", i)) {
      depth--;
      i++;
      if (depth === 0) return i + 1;
    }
  }
  return unterminated();
}

function endOfQuoted(sql: string, start: number, quote: string, backslashEscapes: boolean): number {
  for (let i = start + 1; i < sql.length; i++) {
    const char = sql[i];
    if (backslashEscapes && char === "\\") i++;
    else if (char === quote) {
      if (sql[i + 1] === quote) i++;
      else return i + 1;
    }
  }
  return unterminated();
}

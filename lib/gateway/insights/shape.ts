// A query's shape: its model, its operation and the SQL its plan runs, with every value replaced by
// `?` — never a parameter's value. Prisma's compiler already keeps values out of the SQL (they are
// `args` and `params`, which are never read here); raw SQL a client wrote ($queryRawUnsafe) may
// carry literals, so string, dollar-quoted and numeric literals are replaced as pg_stat_statements
// does, and lists of placeholders collapse to one. The result is memoised by the plan's raw SQL
// (bounded), so the hot path normalises each distinct query once.
import type { QueryBody } from "../query/accelerate-protocol";

export type Shape = { model: string | null; operation: string; text: string };

/** Longest shape text kept (the SQL of one huge include can be long; the start identifies it). */
export const MAX_SHAPE_TEXT = 2_000;
const MAX_STATEMENTS = 8;
const MEMO_SIZE = 2_000;

type Fragment = { type: string; chunk?: string };

/** The SQL statements of a plan, in order, as its compiler wrote them (placeholders as `?`). */
export function planStatements(plan: unknown, into: string[] = []): string[] {
  if (into.length >= MAX_STATEMENTS || typeof plan !== "object" || plan === null) return into;
  if (Array.isArray(plan)) {
    for (const item of plan) planStatements(item, into);
    return into;
  }
  const node = plan as Record<string, unknown>;
  if (node.type === "templateSql" && Array.isArray(node.fragments)) {
    let sql = "";
    for (const fragment of node.fragments as Fragment[]) {
      if (fragment.type === "stringChunk") sql += fragment.chunk ?? "";
      else sql += fragment.type === "parameter" ? "?" : "(?)";
    }
    into.push(sql);
    return into;
  }
  if (node.type === "rawSql" && typeof node.sql === "string") {
    into.push(node.sql);
    return into;
  }
  for (const key in node) {
    const value = node[key];
    // Not walked: a statement's values (an `args` array; a node's `args` object is its content),
    // and a dataMap's result structure (field mappings, often the largest part of a plan: no SQL).
    if ((key === "args" && Array.isArray(value)) || key === "argTypes" || key === "params" || key === "structure") continue;
    if (typeof value === "object" && value !== null) planStatements(value, into);
  }
  return into;
}

const LITERALS = [
  /\$([A-Za-z_][A-Za-z0-9_]*)?\$[\s\S]*?\$\1\$/g, // dollar-quoted strings
  /[EeBbXxNnUu]?&?'(?:[^']|'')*'/g, // '…' (and E'…', B'…', U&'…')
  /\$\d+/g, // $1 placeholders
  /(?<![\w."$])-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(?![\w"])/g, // numbers (not inside identifiers)
];

/** SQL with every literal and placeholder as `?` and lists of them as one, whitespace collapsed. */
export function normalizeSql(sql: string): string {
  let text = sql;
  for (const pattern of LITERALS) text = text.replace(pattern, "?");
  return text
    .replace(/\s+/g, " ")
    .replace(/\(\s*\?(?:\s*,\s*\?)+\s*\)/g, "(?)")
    .replace(/\?(?:\s*,\s*\?)+/g, "?")
    .trim();
}

// raw SQL → "model\0operation" → its Shape: the same object every time, so the aggregator can key
// its maps by it (no string built per request).
const memo = new Map<string, Map<string, Shape>>();

/** The shape of a query body; memoised on the plan's raw SQL, so each distinct query is normalised once. */
export function shapeOf(body: QueryBody): Shape {
  const raw = planStatements(body.plan).join(";\n");
  let byOperation = memo.get(raw);
  if (byOperation === undefined) {
    if (memo.size >= MEMO_SIZE) memo.delete(memo.keys().next().value!);
    memo.set(raw, (byOperation = new Map()));
  }
  const operationKey = body.model === undefined ? body.operation : `${body.model}\u0000${body.operation}`;
  let shape = byOperation.get(operationKey);
  if (shape === undefined) {
    const text = raw.split(";\n").map(normalizeSql).join("; ").slice(0, MAX_SHAPE_TEXT);
    shape = { model: body.model ?? null, operation: body.operation, text };
    if (byOperation.size < 64) byOperation.set(operationKey, shape);
  }
  return shape;
}

/** Where shapes past a resource's bound are counted (./recorder.ts). */
export const OTHER_SHAPE: Shape = { model: null, operation: "other", text: "(other query shapes: this resource ran more distinct shapes this hour than are recorded one by one)" };

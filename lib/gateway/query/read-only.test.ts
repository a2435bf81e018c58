import { describe, expect, it } from "vitest";
import { assertReadOnlyRequest, checkSql, ReadOnlyViolation, stripLiterals } from "./read-only";

const refused = (sql: string) => expect(() => checkSql(sql), sql).toThrow(ReadOnlyViolation);

describe("the read-only check", () => {
  it("accepts plain SELECTs, including Prisma's own and words inside literals and quoted names", () => {
    for (const sql of [
      `SELECT "t0"."id", "t0"."email" FROM "public"."User" AS "t0" WHERE "t0"."id" = $1 LIMIT $2 OFFSET $3`,
      `SELECT COUNT(*) AS "_count._all" FROM (SELECT "public"."Post"."id" FROM "public"."Post" WHERE 1=1 OFFSET $1) AS "sub"`,
      `select 'DELETE FROM x; drop table y' as text, "update" from "insert"`,
      `SELECT $$ insert $$ AS a -- delete\n, 1 /* update /* nested */ truncate */`,
      `SELECT 1;`,
      `(SELECT 1) UNION (SELECT 2)`,
      `SELECT E'\\' ; DELETE FROM x; --'`, // one E'' literal: \' escapes the quote
    ]) expect(() => checkSql(sql), sql).not.toThrow();
  });

  it("refuses everything it cannot prove to be one plain SELECT", () => {
    for (const sql of [
      `INSERT INTO "User" DEFAULT VALUES`,
      `WITH x AS (DELETE FROM "Post" RETURNING *) SELECT 1`,
      `SELECT 1; DELETE FROM "Post"`,
      `SELECT * INTO t FROM "User"`,
      `SELECT * FROM "User" FOR UPDATE`,
      `SELECT * FROM "User" FOR NO KEY UPDATE`,
      `SELECT * FROM "User" FOR SHARE`,
      `SELECT nextval('s')`,
      `SELECT pg_advisory_lock(1)`,
      `SELECT set_config('a', 'b', false)`,
      `SELECT 'unterminated`,
      `SELECT 1 /* unterminated`,
      `SELECT '\\' ; DELETE FROM x; --'`,
      `EXPLAIN ANALYZE DELETE FROM "User"`,
      `SHOW search_path`,
      `COPY "User" TO STDOUT`,
      ``,
    ]) refused(sql);
  });

  it("keeps only code when it strips literals", () => {
    expect(stripLiterals(`SELECT 'a''b', "c""d", $t$x$t$ -- e`).replace(/\s+/g, " ")).toBe("SELECT , , ");
  });

  it("judges the operation and every query of the plan", () => {
    const select = { type: "query", args: { type: "rawSql", sql: "SELECT 1", args: [], argTypes: [] } };
    expect(() => assertReadOnlyRequest({ operation: "findMany", plan: { type: "seq", args: [select] } })).not.toThrow();
    for (const operation of ["createOne", "updateMany", "upsertOne", "deleteMany", "executeRaw", "somethingNew"]) {
      expect(() => assertReadOnlyRequest({ operation, plan: select })).toThrow(ReadOnlyViolation);
    }
    const execute = { type: "execute", args: { type: "rawSql", sql: "SELECT 1", args: [], argTypes: [] } };
    expect(() => assertReadOnlyRequest({ operation: "findMany", plan: { type: "let", args: { bindings: [{ name: "a", expr: execute }], expr: select } } })).toThrow(/executes/);
    expect(() => assertReadOnlyRequest({ operation: "queryRaw", plan: { type: "query", args: { type: "unknown" } } })).toThrow(/cannot check/);
    const template = { type: "query", args: { type: "templateSql", fragments: [{ type: "stringChunk", chunk: "DELETE FROM x WHERE id = " }, { type: "parameter" }] } };
    expect(() => assertReadOnlyRequest({ operation: "findMany", plan: template })).toThrow(/not a plain SELECT/);
  });
});

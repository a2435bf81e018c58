import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { databaseOutageSince, isDatabaseUnavailable, registerDatabaseProbe, reportDatabaseUnavailable } from "@/lib/server/database-outage";

// Which failures are the database's (issue 13, item 2), from the shapes measured against a stopped
// PostgreSQL cluster through Prisma 7's pg adapter, and the one-line-per-outage log.

const adapterError = (cause: Record<string, unknown>) => ({ name: "DriverAdapterError", cause });
const prismaError = (code: string, cause: Record<string, unknown>) =>
  Object.assign(new Error("Invalid `prisma.user.count()` invocation"), { name: "PrismaClientKnownRequestError", code, meta: { driverAdapterError: adapterError(cause) } });

describe("isDatabaseUnavailable", () => {
  it("recognises an unreachable or lost database however it is wrapped", () => {
    const unavailable = [
      prismaError("P1001", { kind: "DatabaseNotReachable", host: "127.0.0.1", port: 5432 }),
      // A raw query's P2010 and an unmapped P2039 carry the cause underneath.
      prismaError("P2010", { kind: "DatabaseNotReachable" }),
      prismaError("P2039", { kind: "postgres", code: "57P01", message: "terminating connection due to administrator command" }),
      prismaError("P2039", { kind: "postgres", code: "08006" }),
      prismaError("P1017", { kind: "ConnectionClosed" }),
      new Error("Connection terminated unexpectedly"),
      new Error("timeout exceeded when trying to connect"),
      Object.assign(new Error("the database system is starting up"), { code: "57P03", severity: "FATAL" }),
      new Error("wrapped", { cause: prismaError("P1001", { kind: "DatabaseNotReachable" }) }),
    ];
    for (const error of unavailable) expect(isDatabaseUnavailable(error), String(error)).toBe(true);
  });

  it("leaves everything else alone: constraint violations, bugs, refusals", () => {
    const others = [
      prismaError("P2002", { kind: "UniqueConstraintViolation" }),
      prismaError("P2039", { kind: "postgres", code: "42P01" }),
      new TypeError("Cannot read properties of undefined"),
      new Error("Connection terminated unexpectedly, or so the user typed"),
      // A bare socket error is someone else's: Next.js's own fetch (measured), a mail server.
      new TypeError("fetch failed", { cause: Object.assign(new Error("connect ECONNREFUSED 0.0.0.0:3000"), { code: "ECONNREFUSED" }) }),
      Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:587"), { code: "ECONNREFUSED", syscall: "connect" }),
      "ECONNREFUSED",
      null,
      undefined,
    ];
    for (const error of others) expect(isDatabaseUnavailable(error), String(error)).toBe(false);
  });
});

describe("reportDatabaseUnavailable", () => {
  let lines: string[];
  beforeEach(() => {
    vi.useFakeTimers();
    lines = [];
    vi.spyOn(console, "error").mockImplementation((line: string) => void lines.push(line));
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it("logs one line for the whole outage and one when the probe finds the database back", async () => {
    let down = true;
    registerDatabaseProbe(async () => {
      if (down) throw new Error("Connection terminated unexpectedly");
    });
    const failure = prismaError("P1001", { kind: "DatabaseNotReachable" });
    for (let i = 0; i < 50; i++) reportDatabaseUnavailable("GET /api/v1/workspaces", failure);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(lines).toEqual([
      '[platform-console] The database is unavailable (P1001, first seen in GET /api/v1/workspaces): answering "service unavailable" until it is back.',
    ]);
    expect(databaseOutageSince()).not.toBeNull();

    down = false;
    await vi.advanceTimersByTimeAsync(600);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^\[platform-console\] The database is back after 5\.\d s \(50 requests answered "unavailable" meanwhile\)\.$/);
    expect(databaseOutageSince()).toBeNull();

    // The next outage is a new one, with its own line.
    reportDatabaseUnavailable("action createProjectAction", failure);
    expect(lines).toHaveLength(3);
    down = false;
    await vi.advanceTimersByTimeAsync(600);
    expect(lines[3]).toMatch(/back after 0\.\d s \(1 request answered/);
  });
});

// The measurement behind lib/gateway/query's choice (its opening comment): Prisma Client 7.10 on a
// direct @prisma/adapter-pg connection, through our query engine (node:http, Prisma's interpreter
// over our own pool), and through @prisma/query-plan-executor 7.10.0 behind a node:http wrapper that
// converts to fetch Request/Response (as @prisma/dev mounts it). Each server runs in its own
// process; the clients run here. Not `npm run bench` (whose rows come with issue 9's wiring): run it
// with `node scripts/bench/query-engine-spike.mjs`.
import { fork } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { createQueryEngine } from "@/lib/gateway/query";
import { PrismaClient } from "../../tests/support/accelerate-client/generated/v7-10/client";

const SCHEMA_SQL = process.env.SPIKE_SCHEMA_SQL!;
const USERS = 1_000;

async function serveOurs(url: string): Promise<http.Server> {
  const engine = createQueryEngine({ resolveConnection: async () => ({ kind: "postgres", url }), allowlist: null, limits: { poolSize: 10 } });
  const key = { keyId: "key_spike", resourceId: "db_spike" };
  return http.createServer((req, res) => void engine.handle(req, res, { path: (req.url ?? "/").split("?")[0]!, key }));
}

/** What @opentelemetry/context-async-hooks provides, in a few lines: QPE finds its logger through it. */
async function installContextManager(): Promise<void> {
  const { AsyncLocalStorage } = await import("node:async_hooks");
  const { context, ROOT_CONTEXT } = await import("@opentelemetry/api");
  const storage = new AsyncLocalStorage<ReturnType<typeof context.active>>();
  context.setGlobalContextManager({
    active: () => storage.getStore() ?? ROOT_CONTEXT,
    with: (ctx, fn, thisArg, ...args) => storage.run(ctx, () => fn.apply(thisArg, args)),
    bind: (_ctx, target) => target,
    enable() {
      return this;
    },
    disable() {
      storage.disable();
      return this;
    },
  });
}

async function serveQpe(url: string): Promise<http.Server> {
  await installContextManager();
  const qpe = await import("@prisma/query-plan-executor");
  const server = await qpe.Server.create({
    databaseUrl: url,
    maxResponseSize: qpe.parseSize("5 MiB"),
    queryTimeout: qpe.parseDuration("PT10S"),
    maxTransactionTimeout: qpe.parseDuration("PT15S"),
    maxTransactionWaitTime: qpe.parseDuration("PT10S"),
    perRequestLogContext: { logFormat: "text", logLevel: "off" },
  } as never);
  const logger = qpe.createConsoleLogger("text", "off");
  return http.createServer((req, res) => void qpe.withActiveLogger(logger, () => forward(req, res)));
  async function forward(req: http.IncomingMessage, res: http.ServerResponse) {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.append(name, value);
    const init: RequestInit & { duplex?: string } = { method: req.method, headers };
    if (req.method !== "GET") Object.assign(init, { body: Readable.toWeb(req), duplex: "half" });
    const response = await server.fetch(new Request(`http://localhost${req.url}`, init as RequestInit));
    res.statusCode = response.status;
    for (const [name, value] of response.headers) res.setHeader(name, value);
    if (response.body) await pipeline(Readable.fromWeb(response.body as never), res);
    else res.end();
  }
}

async function child(role: string, url: string): Promise<void> {
  const server = role === "ours" ? await serveOurs(url) : await serveQpe(url);
  server.listen(0, "127.0.0.1", () => process.send!({ port: (server.address() as { port: number }).port }));
  process.on("SIGTERM", () => process.exit(0)); // exits normally, so --cpu-prof writes its file
}

function startServer(role: string, url: string): Promise<{ port: number; stop: () => void }> {
  // SPIKE_PROFILE=<folder>: each server writes a CPU profile there when stopped.
  const profile = process.env.SPIKE_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.SPIKE_PROFILE}`] : [];
  const worker = fork(process.argv[1]!, ["--serve", role, url], { stdio: "inherit", execArgv: profile });
  return new Promise((resolve) => worker.once("message", ({ port }: { port: number }) => resolve({ port, stop: () => worker.kill() })));
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

async function measure(prisma: PrismaClient, query: (id: number) => Promise<unknown>) {
  for (let i = 0; i < 300; i++) await query((i % USERS) + 1); // warm-up (plans cached, pool filled)
  const times: number[] = [];
  for (let i = 0; i < 1_500; i++) {
    const started = performance.now();
    await query(((i * 7) % USERS) + 1);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  let done = 0;
  const until = performance.now() + 4_000;
  await Promise.all(Array.from({ length: 32 }, async (_, lane) => {
    for (let i = lane; performance.now() < until; i += 32) {
      await query((i % USERS) + 1);
      done++;
    }
  }));
  void prisma;
  return { p50: percentile(times, 0.5), p99: percentile(times, 0.99), perSecond: done / 4 };
}

async function main(): Promise<void> {
  const adminUrl = process.env.BENCH_POSTGRES_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
  const name = `platform_spike_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString();
  const servers: { stop: () => void }[] = [];
  try {
    const setup = new pg.Client({ connectionString: url });
    await setup.connect();
    await setup.query(fs.readFileSync(SCHEMA_SQL, "utf8"));
    await setup.query(`INSERT INTO "User" ("email", "name") SELECT 'user' || i || '@example.com', 'User ' || i FROM generate_series(1, ${USERS}) i`);
    await setup.query(`INSERT INTO "Post" ("title", "authorId") SELECT 'Post ' || i, 1 + (i % 50) FROM generate_series(1, 2000) i`);
    await setup.end();
    const ours = await startServer("ours", url);
    const qpe = await startServer("qpe", url);
    servers.push(ours, qpe);
    const clients: [string, PrismaClient][] = [
      ["direct (adapter-pg)", new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 10 }) })],
      ["our query engine", new PrismaClient({ accelerateUrl: `prisma+postgres://127.0.0.1:${ours.port}/?api_key=spike` })],
      ["QPE + fetch wrapper", new PrismaClient({ accelerateUrl: `prisma+postgres://127.0.0.1:${qpe.port}/?api_key=spike` })],
    ];
    for (const [label, prisma] of clients) {
      const unique = await measure(prisma, (id) => prisma.user.findUnique({ where: { id } }));
      const many = await measure(prisma, (id) => prisma.post.findMany({ where: { authorId: 1 + (id % 50) }, take: 20 }));
      const fmt = (r: typeof unique) => `p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms, ${Math.round(r.perSecond)} req/s at 32`;
      console.log(`${label.padEnd(22)} findUnique: ${fmt(unique)} | findMany(20): ${fmt(many)}`);
      await prisma.$disconnect();
    }
  } finally {
    for (const server of servers) server.stop();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

if (process.argv[2] === "--serve") await child(process.argv[3]!, process.argv[4]!);
else await main();

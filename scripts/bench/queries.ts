// The query rows of `npm run bench` (issue 9): one Prisma Client 7 (tests/support/accelerate-client's
// generated client) through the gateway (`accelerateUrl`, a real `npm run gateway` process) and the
// same client on a direct @prisma/adapter-pg connection to the same database, side by side.
// Bundled and run by ./query-bench.mjs, in two modes:
//
//   setup <json>    creates the tables and rows in the app database and stores its connection string,
//                   encrypted as the Console stores it, on the bench's resource (the Console database)
//   measure         (forked, IPC) runs every case and sends the results back
//
// Each case is measured in alternating slices (direct, gateway, direct, gateway, …) so that both see
// the same machine: on a shared 2-core machine, load from elsewhere comes and goes within seconds.
// Per slice it also reads the CPU time the client process, the gateway process and the PostgreSQL
// backends of the app database used (Linux /proc), which says where the time of a request goes.
import { fork } from "node:child_process";
import fs from "node:fs";
import { performance } from "node:perf_hooks";
import { PrismaPg } from "@prisma/adapter-pg";
import { withAccelerate } from "@prisma/extension-accelerate";
import pg from "pg";
import { encryptConnectionString, parseEncryptionKey } from "@/lib/secrets/connection-encryption";
import { PrismaClient } from "../../tests/support/accelerate-client/generated/v7-10/client";
import { cpuOf, percentile, spent, type CpuReading, type CpuSpent } from "./cpu.mjs";

export const USERS = 1_000;
const AUTHORS = 50;
const POSTS_PER_AUTHOR = 40;

type SetupInput = { appUrl: string; consoleUrl: string; resourceId: string; encryptionKey: string; schemaSql: string };

async function setup(input: SetupInput): Promise<void> {
  const app = new pg.Client({ connectionString: input.appUrl });
  await app.connect();
  try {
    await app.query(input.schemaSql);
    // An app filters posts by author through an index; without one each findMany would be a scan.
    await app.query(`CREATE INDEX "Post_authorId_idx" ON "Post"("authorId")`);
    await app.query(`INSERT INTO "User" ("email", "name") SELECT 'user' || i || '@example.com', 'User ' || i FROM generate_series(1, ${USERS}) i`);
    await app.query(
      `INSERT INTO "Post" ("title", "authorId") SELECT 'Post number ' || i, 1 + (i % ${AUTHORS}) FROM generate_series(1, ${AUTHORS * POSTS_PER_AUTHOR}) i`,
    );
    await app.query("ANALYZE");
  } finally {
    await app.end();
  }
  const key = parseEncryptionKey(input.encryptionKey, "the bench's key");
  const consoleDb = new pg.Client({ connectionString: input.consoleUrl });
  await consoleDb.connect();
  try {
    const ciphertext = encryptConnectionString(input.appUrl, key, input.resourceId);
    const { rowCount } = await consoleDb.query(`UPDATE "Resource" SET "connectionCiphertext" = $1 WHERE "id" = $2`, [ciphertext, input.resourceId]);
    if (rowCount !== 1) throw new Error(`no resource ${input.resourceId} in the Console database`);
  } finally {
    await consoleDb.end();
  }
}

export type MeasureInput = {
  appUrl: string;
  gatewayUrl: string;
  gatewayPid: number;
  poolSize: number;
  concurrency: number;
  sliceMs: number;
  rounds: number;
  sequentialPerSlice: number;
  /** ./stub-gateway.mjs (this file runs bundled elsewhere). */
  stubScript: string;
  /** Only these cases ("findMany20.concurrent", …); null: all. */
  cases: string[] | null;
};

// The stub (./stub-gateway.mjs) answers instantly with a findMany(20) answer of the real gateway:
// only the findMany(20) cases run against it.
// "cached": the gateway through @prisma/extension-accelerate with `cacheStrategy: { ttl }` (issue 10):
// after the warm-up every read is a cache hit, against the same reads uncached on the direct client.
type Target = "direct" | "gateway" | "stub" | "cached";
type Sample = { times: number[]; elapsedMs: number; cpu: CpuSpent };
export type CaseResult = {
  requests: number;
  p50Ms: number;
  p99Ms: number;
  reqPerSec: number;
  errors: number;
  /** CPU milliseconds per request: this process (the client), the gateway, PostgreSQL's backends. */
  cpuMsPerRequest: { client: number | null; gateway: number | null; postgres: number | null };
};

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

function summarise(samples: Sample[], errors: number): CaseResult {
  const times = samples.flatMap((sample) => sample.times).sort((a, b) => a - b);
  const elapsed = samples.reduce((sum, sample) => sum + sample.elapsedMs, 0);
  const total = (pick: (cpu: CpuSpent) => number | null) => {
    const values = samples.map((sample) => pick(sample.cpu));
    return values.some((value) => value === null) ? null : round((values as number[]).reduce((a, b) => a + b, 0) / times.length, 3);
  };
  return {
    requests: times.length,
    p50Ms: round(percentile(times, 0.5)),
    p99Ms: round(percentile(times, 0.99)),
    reqPerSec: Math.round((times.length / elapsed) * 1000),
    errors,
    cpuMsPerRequest: { client: total((cpu) => cpu.client), gateway: total((cpu) => cpu.gateway), postgres: total((cpu) => cpu.postgres) },
  };
}

type Operation = (prisma: PrismaClient, i: number) => Promise<unknown>;

/** Clients extended with withAccelerate(): their findMany20Cached asks for the gateway's cache. */
const cachedClients = new WeakSet<object>();

const OPERATIONS: Record<string, Operation> = {
  findUnique: (prisma, i) => prisma.user.findUnique({ where: { id: 1 + ((i * 7919) % USERS) } }),
  findMany20: async (prisma, i) => {
    const rows = await prisma.post.findMany({ where: { authorId: 1 + (i % AUTHORS) }, orderBy: { id: "asc" }, take: 20 });
    if (rows.length !== 20) throw new Error(`findMany returned ${rows.length} rows, not 20`);
    return rows;
  },
  // The same read with a cacheStrategy on the cached client (50 entries, one per author); plain on direct.
  findMany20Cached: async (prisma, i) => {
    const query = { where: { authorId: 1 + (i % AUTHORS) }, orderBy: { id: "asc" as const }, take: 20 };
    const rows = await (cachedClients.has(prisma) ? prisma.post.findMany({ ...query, cacheStrategy: { ttl: 3_600 } } as typeof query) : prisma.post.findMany(query));
    if (rows.length !== 20) throw new Error(`findMany returned ${rows.length} rows, not 20`);
    return rows;
  },
  // Start, two queries, commit: four requests through the gateway, one connection held throughout.
  transaction: (prisma, i) =>
    prisma.$transaction(async (tx) => {
      await tx.user.findUnique({ where: { id: 1 + (i % USERS) } });
      await tx.post.findMany({ where: { authorId: 1 + (i % AUTHORS) }, take: 20 });
    }),
};

class Runner {
  private errors = 0;
  private lastError: string | null = null;
  private counter = 0;

  constructor(
    private readonly input: MeasureInput,
    private readonly cpu: (serverPid: number | null) => Promise<CpuReading>,
    private readonly pids: Record<Target, number | null>,
  ) {}

  private async sequential(prisma: PrismaClient, operation: Operation): Promise<number[]> {
    const times: number[] = [];
    for (let n = 0; n < this.input.sequentialPerSlice; n++) {
      const started = performance.now();
      await this.once(prisma, operation);
      times.push(performance.now() - started);
    }
    return times;
  }

  private async concurrent(prisma: PrismaClient, operation: Operation): Promise<number[]> {
    const times: number[] = [];
    const until = performance.now() + this.input.sliceMs;
    await Promise.all(
      Array.from({ length: this.input.concurrency }, async () => {
        while (performance.now() < until) {
          const started = performance.now();
          await this.once(prisma, operation);
          times.push(performance.now() - started);
        }
      }),
    );
    return times;
  }

  private async once(prisma: PrismaClient, operation: Operation): Promise<void> {
    try {
      await operation(prisma, this.counter++);
    } catch (error) {
      this.errors++;
      this.lastError = error instanceof Error ? error.message.slice(0, 300) : String(error);
    }
  }

  /** Alternating slices of one case on each target; the server's CPU is the gateway's or the stub's. */
  async run(clients: Record<Target, PrismaClient>, operation: Operation, mode: "sequential" | "concurrent", targets: Target[]) {
    const samples = Object.fromEntries(targets.map((target) => [target, [] as Sample[]])) as Record<Target, Sample[]>;
    const errors = Object.fromEntries(targets.map((target) => [target, 0])) as Record<Target, number>;
    for (let roundNo = 0; roundNo < this.input.rounds; roundNo++) {
      for (const target of targets) {
        const prisma = clients[target];
        const before = await this.cpu(this.pids[target]);
        const errorsBefore = this.errors;
        const started = performance.now();
        const times = mode === "sequential" ? await this.sequential(prisma, operation) : await this.concurrent(prisma, operation);
        const elapsedMs = performance.now() - started;
        const after = await this.cpu(this.pids[target]);
        errors[target] += this.errors - errorsBefore;
        const cpu = spent(after, before);
        samples[target].push({ times, elapsedMs, cpu: target === "direct" ? { ...cpu, gateway: 0 } : cpu });
      }
    }
    const summaries: Partial<Record<Target, CaseResult>> = Object.fromEntries(targets.map((target) => [target, summarise(samples[target], errors[target])]));
    return { ...summaries, lastError: this.lastError };
  }
}

async function warm(prisma: PrismaClient): Promise<void> {
  // Plans compiled and cached, the pool filled, V8's optimiser done with the hot paths.
  for (let i = 0; i < 300; i++) await Promise.all(Object.entries(OPERATIONS).map(([name, operation]) => (name === "findMany20Cached" ? null : operation(prisma, i))));
  await Promise.all(Array.from({ length: 64 }, (_, i) => OPERATIONS.findMany20!(prisma, i)));
}

export type CapturedRequest = { url: string; method: string; headers: Record<string, string>; body: string; answer: string };

/**
 * The exact HTTP requests (and answers) of Prisma Client for one findUnique and one findMany(20):
 * ./query-bench.mjs replays them with autocannon (the gateway's own capacity, without the client's
 * cost), and the stub answers with the findMany(20) one.
 */
async function captureRequests(prisma: PrismaClient): Promise<Record<string, CapturedRequest>> {
  const original = globalThis.fetch;
  const captured: Record<string, CapturedRequest> = {};
  let current: string | null = null;
  globalThis.fetch = (async (url: string, init: RequestInit) => {
    const response = await original(url, init);
    if (current && typeof init?.body === "string") {
      const answer = await response.clone().text();
      captured[current] = { url: String(url), method: init.method ?? "POST", headers: { ...(init.headers as Record<string, string>) }, body: init.body, answer };
    }
    return response;
  }) as typeof fetch;
  try {
    for (const name of ["findUnique", "findMany20"]) {
      current = name;
      await OPERATIONS[name]!(prisma, 1);
    }
  } finally {
    globalThis.fetch = original;
  }
  return captured;
}

async function startStub(script: string, findMany: CapturedRequest, gatewayUrl: string): Promise<{ url: string; pid: number; stop: () => void }> {
  const connectionInfo = await (await fetch(new URL("/connection-info", findMany.url), { headers: findMany.headers })).text();
  const child = fork(script, [], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  child.send({ connectionInfo, query: findMany.answer });
  const port = await new Promise<number>((resolve, reject) => {
    child.once("message", (message: { port: number }) => resolve(message.port));
    child.once("exit", (code) => reject(new Error(`the stub exited with code ${code}`)));
  });
  const url = new URL(gatewayUrl);
  url.port = String(port);
  return { url: url.toString(), pid: child.pid!, stop: () => child.kill() };
}

async function measure(input: MeasureInput) {
  const direct = new PrismaClient({ adapter: new PrismaPg({ connectionString: input.appUrl, max: input.poolSize }) });
  const gateway = new PrismaClient({ accelerateUrl: input.gatewayUrl });
  const monitor = new pg.Client({ connectionString: input.appUrl, application_name: "bench-monitor" });
  await monitor.connect();
  const database = new URL(input.appUrl).pathname.slice(1);
  let stub: Awaited<ReturnType<typeof startStub>> | null = null;
  const clients: PrismaClient[] = [direct, gateway];
  try {
    await Promise.all([direct, gateway].map(warm));
    const captured = await captureRequests(gateway);
    stub = await startStub(input.stubScript, captured.findMany20!, input.gatewayUrl);
    const stubClient = new PrismaClient({ accelerateUrl: stub.url });
    clients.push(stubClient);
    for (let i = 0; i < 300; i++) await OPERATIONS.findMany20!(stubClient, i);
    const cached = new PrismaClient({ accelerateUrl: input.gatewayUrl }).$extends(withAccelerate()) as unknown as PrismaClient;
    cachedClients.add(cached);
    clients.push(cached);
    for (let i = 0; i < 300; i++) await OPERATIONS.findMany20Cached!(cached, i); // fills the 50 entries
    const health = new URL(input.gatewayUrl.replace(/^prisma\+postgres:/, "http:"));
    const cacheHits = async () => ((await (await fetch(`${health.origin}/health`)).json()) as { queries: { cache: { hits: number; misses: number } } }).queries.cache;
    const runner = new Runner(input, (pid) => cpuOf(monitor, database, pid), { direct: null, gateway: input.gatewayPid, stub: stub.pid, cached: input.gatewayPid });
    const results: Record<string, unknown> = {};
    for (const [name, operation] of Object.entries(OPERATIONS)) {
      for (const mode of ["sequential", "concurrent"] as const) {
        if (input.cases && !input.cases.includes(`${name}.${mode}`)) continue;
        const targets: Target[] = name === "findMany20" ? ["direct", "gateway", "stub"] : name === "findMany20Cached" ? ["direct", "cached"] : ["direct", "gateway"];
        const before = name === "findMany20Cached" ? await cacheHits() : null;
        const result: Record<string, unknown> & Partial<Record<Target, CaseResult>> = await runner.run({ direct, gateway, stub: stubClient, cached }, operation, mode, targets);
        if (before) {
          // Every read of the cached slices should have been a hit: the figure says how many were.
          const after = await cacheHits();
          result.cache = { hits: after.hits - before.hits, misses: after.misses - before.misses };
        }
        results[`${name}.${mode}`] = result;
        const line = targets.map((target) => `${target} ${result[target]!.reqPerSec} req/s p50 ${result[target]!.p50Ms} ms`).join(", ");
        process.send!({ progress: `${name} ${mode}: ${line}` });
      }
    }
    return { results, captured };
  } finally {
    stub?.stop();
    await monitor.end();
    await Promise.all(clients.map((client) => client.$disconnect()));
  }
}

const [mode, json] = process.argv.slice(2);
if (mode === "setup") {
  await setup(JSON.parse(fs.readFileSync(json!, "utf8")) as SetupInput);
} else if (mode === "measure") {
  process.once("message", (input: MeasureInput) => {
    measure(input).then(
      ({ results, captured }) => process.send!({ results, captured }, () => process.exit(0)),
      (error: unknown) => process.send!({ error: error instanceof Error ? error.stack : String(error) }, () => process.exit(1)),
    );
  });
  process.send!({ ready: true });
} else {
  throw new Error("usage: queries.mjs setup <input.json> | measure");
}

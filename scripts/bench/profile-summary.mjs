// Where a process's time went, from a V8 CPU profile (node --cpu-prof; `BENCH_PROFILE=<folder> npm run
// bench -- --queries` writes one for the gateway and one for the load generator):
//
//   node scripts/bench/profile-summary.mjs <file.cpuprofile> [top]
//
// Prints the busy share (not idle) by part of the stack — the gateway's own code, Prisma's
// interpreter, pg and @prisma/adapter-pg, node:http, undici, @prisma/client, async_hooks, GC — each
// sample counted for the innermost frame that belongs to one of them (so a socket write is counted
// for whoever wrote), then the functions with the most self time.
import fs from "node:fs";

const [file, topArg = "25"] = process.argv.slice(2);
if (!file) {
  console.error("usage: node scripts/bench/profile-summary.mjs <file.cpuprofile> [top]");
  process.exit(2);
}
const profile = JSON.parse(fs.readFileSync(file, "utf8"));
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const parents = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
const selfTime = new Map();
profile.samples.forEach((id, i) => selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

const PARTS = [
  [/client-engine-runtime/, "Prisma's interpreter (@prisma/client-engine-runtime)"],
  [/node_modules\/(pg|pg-protocol|pg-pool|pg-types|postgres-[a-z]+|@prisma\/adapter-pg)\//, "pg and @prisma/adapter-pg"],
  [/scripts\/gateway\/dist\/|\/lib\/gateway\/|lru-cache/, "the gateway's own code"],
  [/node:_http_|node:http$/, "node:http"],
  [/undici/, "undici (fetch)"],
  [/node_modules\/@prisma\/client\//, "@prisma/client"],
  [/node:internal\/async_hooks|node:async_hooks/, "async_hooks"],
];
function partOf(id) {
  const name = nodes.get(id).callFrame.functionName;
  if (name === "(idle)") return "idle";
  if (name === "(garbage collector)") return "garbage collector";
  for (let current = id; current !== undefined; current = parents.get(current)) {
    const url = nodes.get(current).callFrame.url;
    for (const [pattern, part] of PARTS) if (pattern.test(url)) return part;
  }
  return "other (Node internals, native)";
}

const byPart = new Map();
const byFunction = new Map();
let total = 0;
for (const [id, time] of selfTime) {
  total += time;
  const part = partOf(id);
  byPart.set(part, (byPart.get(part) ?? 0) + time);
  const { functionName, url, lineNumber } = nodes.get(id).callFrame;
  if (part === "idle") continue;
  const key = `${functionName || "(anonymous)"}  ${url.split("/").slice(-2).join("/") || "(native)"}:${lineNumber + 1}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + time);
}
const busy = total - (byPart.get("idle") ?? 0);
const share = (time) => `${((100 * time) / busy).toFixed(1).padStart(5)} %`;
console.log(`${file}: ${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy (${((100 * busy) / total).toFixed(0)} %)\n`);
console.log("Busy time by part:");
for (const [part, time] of [...byPart].sort((a, b) => b[1] - a[1])) if (part !== "idle") console.log(`  ${share(time)}  ${part}`);
console.log(`\nTop ${topArg} functions by self time (share of busy time):`);
for (const [key, time] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, Number(topArg))) console.log(`  ${share(time)}  ${key}`);

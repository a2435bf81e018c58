// `apikey create` with its expiry and permission flags, and `apikey roll`. The expiry is checked with
// the Console's own schema (lib/schemas/api-key.ts) before any request, and durations (`30d`) are read
// by the same module the Console uses (lib/keys/expiry.ts); the workspace policy is the server's to
// apply, and its message is printed as sent.
import { idChecker } from "@/lib/ids";
import { parseDuration } from "@/lib/keys/expiry";
import { client, defaultName, flagValue, isJson, print, required, segment, type Context, type Handler } from "./context";
import { CliError, UsageError } from "./errors";
import { json, success, table, type ApiKey } from "./output";

type UsageReport = {
  totals: { requests: number; errors: number; cacheHits: number; cacheMisses: number; cacheHitRate: number | null; p50Ms: number | null; p99Ms: number | null };
  errorsByCode: { code: string; count: number }[];
  topByCount: { model: string | null; operation: string; count: number; p99Ms: number | null }[];
};

const ms = (value: number | null) => (value === null ? "—" : `${value < 10 ? value.toFixed(2) : Math.round(value)} ms`);

const resourceIdSchema = idChecker("database", "environment");
const apiKeyIdSchema = idChecker("apiKey");
const schemas = () => import("@/lib/schemas/api-key");
const nameSchema = async () => (await import("@/lib/schemas/common")).nameSchema;

/** --expires-in 30d | --expires-at <date> | --no-expiry → the body's expiresAt (absent: the default). */
async function expiryFlags(ctx: Context): Promise<{ expiresAt?: string | null }> {
  const given = ["expires-in", "expires-at", "no-expiry"].filter((flag) => ctx.values[flag] !== undefined && ctx.values[flag] !== false);
  if (given.length > 1) throw new UsageError(`Use one of --expires-in, --expires-at and --no-expiry, not ${given.map((flag) => `--${flag}`).join(" and ")}.`);
  if (ctx.values["no-expiry"] === true) return { expiresAt: null };
  const { expiresAtSchema } = await schemas();
  if (ctx.values["expires-in"] !== undefined) {
    const raw = String(ctx.values["expires-in"]);
    const ms = parseDuration(raw);
    if (ms === null) throw new UsageError(`Invalid --expires-in parameter ${JSON.stringify(raw.slice(0, 40))}: use a duration such as 7d, 30d, 12h or 1y.`);
    return { expiresAt: new Date(Date.now() + ms).toISOString() };
  }
  if (ctx.values["expires-at"] !== undefined) {
    const raw = String(ctx.values["expires-at"]);
    flagValue(ctx, "expires-at", expiresAtSchema, raw);
    return { expiresAt: raw };
  }
  return {};
}

export const apiKeyHandlers: Record<string, Handler> = {
  async "apikey usage"(ctx) {
    const id = required(ctx, "apikey", apiKeyIdSchema);
    const report = await client(ctx).get<UsageReport>(`/api-keys/${segment(id)}/usage`);
    if (isJson(ctx)) return print(ctx, json(report));
    const { totals } = report;
    const rate = totals.cacheHitRate === null ? "— (no cached reads)" : `${Math.round(totals.cacheHitRate * 100)} % of ${totals.cacheHits + totals.cacheMisses} cached reads`;
    const rows: [string, string][] = [
      ["key", id],
      ["requests (24 h)", String(totals.requests)],
      ["errors", report.errorsByCode.length ? report.errorsByCode.map((error) => `${error.code} × ${error.count}`).join(", ") : "none"],
      ["cache hit rate", rate],
      ["latency p50 / p99", `${ms(totals.p50Ms)} / ${ms(totals.p99Ms)}`],
      ...report.topByCount.slice(0, 5).map((shape, index): [string, string] => [`top query ${index + 1}`, `${shape.model ?? "raw"}.${shape.operation} × ${shape.count} (p99 ${ms(shape.p99Ms)})`]),
    ];
    print(ctx, table(rows, ctx.io.color));
  },

  async "apikey create"(ctx) {
    const resource = required(ctx, "environment", resourceIdSchema);
    const name = flagValue(ctx, "name", await nameSchema()) ?? defaultName("key");
    const expiry = await expiryFlags(ctx);
    const permission = ctx.values["read-only"] === true ? "read-only" : "read-write";
    const api = client(ctx);
    const { data: key, replayed } = await api.create<ApiKey>(`/environments/${segment(resource)}/api-keys`, { name, permission, ...expiry });
    if (replayed && typeof key.value !== "string") {
      // The first attempt created it, but its answer (the only copy of the key) was lost on the way.
      throw new CliError(
        `APIKey ${key.name} - ${key.id} was created by an earlier attempt whose answer was lost, so its value cannot be shown again. ` +
          `Delete it (platform apikey delete --apikey ${key.id}) and create another.`,
      );
    }
    if (isJson(ctx)) return print(ctx, json(key));
    if (typeof key.value !== "string") throw new CliError(`APIKey ${key.name} - ${key.id} was created, but the Console sent no key.`);
    print(ctx, `${success(`APIKey ${key.name} - ${key.id} created.`, ctx.io.color)}\n${key.value}`);
  },

  async "apikey roll"(ctx) {
    const id = required(ctx, "apikey", apiKeyIdSchema);
    const { gracePeriodSchema } = await schemas();
    const raw = ctx.values.grace;
    if (raw === undefined) throw new UsageError('Missing --grace parameter: how long the old key keeps working ("now", "1h", "24h" or "7d").');
    flagValue(ctx, "grace", gracePeriodSchema, raw);
    const api = client(ctx);
    const key = await api.post<ApiKey>(`/api-keys/${segment(id)}/roll`, { gracePeriod: String(raw) });
    if (isJson(ctx)) return print(ctx, json(key));
    if (typeof key.value !== "string") throw new CliError(`APIKey ${key.name} - ${key.id} was created, but the Console sent no key.`);
    const deadline = key.rolled?.expiresAt ? Date.parse(key.rolled.expiresAt) : 0;
    const until = deadline > Date.now() ? `works until ${key.rolled!.expiresAt}` : "has stopped working";
    const line = `APIKey ${key.name} - ${key.id} created. The old key ${id} ${until}.`;
    print(ctx, `${success(line, ctx.io.color)}\n${key.value}`);
  },
};

// Test helpers: an in-memory Io, and a fake Console API speaking the /api/v1 contract on a real
// HTTP port, so the commands are exercised through fetch exactly as against the real server.
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { personalTokens } from "@/lib/keys/access-token";
import { describeConnection } from "@/lib/schemas/database-connection";
import type { Io } from "./io";

export type TestIo = Io & {
  out: () => string;
  err: () => string;
  opened: string[];
  /** What readStdin returns; null: it was not expected to be read (the test fails). */
  stdin: string | null;
  prompts: string[];
};

export function testIo(env: Record<string, string | undefined> = {}, home?: string): TestIo {
  let out = "";
  let err = "";
  const opened: string[] = [];
  const io: TestIo = {
    env,
    stdout: (text) => void (out += text),
    stderr: (text) => void (err += text),
    color: false,
    homedir: home ?? fs.mkdtempSync(path.join(os.tmpdir(), "platform-cli-home-")),
    platform: "linux",
    openBrowser: (url) => void opened.push(url),
    out: () => out,
    err: () => err,
    opened,
    stdin: null,
    prompts: [],
    readStdin: async (prompt) => {
      io.prompts.push(prompt);
      if (io.stdin === null) throw new Error("stdin was read, but the test gave none");
      return io.stdin;
    },
  };
  return io;
}

/** A well-formed personal access token (prefix, random part, checksum). */
export const TOKEN = personalTokens.generate().plaintext;
export const IDS = {
  workspace: "wksp_0000000000000001",
  project: "proj_0000000000000001",
  resource: "env_0000000000000001",
};

type Key = { id: string; resourceId: string; name: string; hint: string; createdAt: string; lastUsedAt: null; createdBy: unknown };

/** A fake Console: one user, one workspace, project and resource; keys and projects in memory. */
export async function fakeConsole(options: { pageSize?: number } = {}) {
  const tokens = new Set([TOKEN]);
  // Login codes the fake approval issued: code → the state and S256 challenge it was bound to.
  const codes = new Map<string, { state: string; challenge: string }>();
  const issueCode = (state: string, challenge: string) => {
    const code = randomBytes(32).toString("base64url");
    codes.set(code, { state, challenge });
    return code;
  };
  const requests: { method: string; path: string; auth?: string; body?: unknown }[] = [];
  const keys: Key[] = [];
  const projects = [{ id: IDS.project, workspaceId: IDS.workspace, name: "Storefront", createdAt: "2026-01-02T03:04:05.000Z", resourceCount: 1 }];
  const resources = [
    {
      id: IDS.resource,
      workspaceId: IDS.workspace,
      projectId: IDS.project,
      projectName: "Storefront",
      kind: "environment",
      name: "Production",
      createdAt: "2026-01-02T03:04:05.000Z",
      apiKeyCount: 0,
      database: null as ReturnType<typeof describeConnection> | null,
    },
  ];
  // Connection strings as the fake received them (the real Console stores them encrypted); the
  // answers, like the real ones, carry only their description.
  const connections = new Map<string, string>();
  const describe = (value: unknown) => (typeof value === "string" ? describeConnection(value) : null);
  let next = 100;
  const newId = (prefix: string) => `${prefix}_${String(next++).padStart(16, "0")}`;

  const send = (res: http.ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(body === undefined ? undefined : JSON.stringify(body));
  };
  const failure = (res: http.ServerResponse, status: number, code: string, message: string, hint = "") =>
    send(res, status, { error: { code, message, hint } });

  function page<T>(res: http.ServerResponse, url: URL, items: T[]) {
    const limit = Math.min(Number(url.searchParams.get("limit") ?? 100), options.pageSize ?? 1000);
    const start = Number(url.searchParams.get("cursor") ?? 0);
    const data = items.slice(start, start + limit);
    const hasMore = start + limit < items.length;
    send(res, 200, { data, pagination: { nextCursor: hasMore ? String(start + limit) : null, hasMore } });
  }

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    let raw = "";
    for await (const chunk of req) raw += chunk;
    const body = raw ? JSON.parse(raw) : undefined;
    const auth = req.headers.authorization;
    requests.push({ method: req.method!, path: url.pathname + url.search, auth, body });
    const route = `${req.method} ${url.pathname.replace(/^\/api\/v1/, "")}`;
    if (!url.pathname.startsWith("/api/v1/")) return send(res, 404);
    if (route === "POST /auth/cli/token") {
      // One attempt per code, like the Console: it is spent whatever the outcome.
      const grant = codes.get(body?.code);
      codes.delete(body?.code);
      const challenge = createHash("sha256").update(String(body?.codeVerifier)).digest("base64url");
      if (!grant || grant.state !== body.state || grant.challenge !== challenge) {
        return failure(res, 401, "authentication-failed", "The login code is not valid.", "Run `npx platform auth login` again.");
      }
      return send(res, 200, { data: { token: TOKEN, tokenId: "tok_0000000000000001" } });
    }
    const token = auth?.replace(/^Bearer /, "");
    if (!token || !tokens.has(token)) return failure(res, 401, "authentication-failed", "Invalid token.");

    let match: RegExpMatchArray | null;
    if (route === "GET /me") return send(res, 200, { data: { type: "user", id: "usr_0000000000000001", email: "demo@example.com", name: "Demo User", tokenId: "tok_0000000000000001" } });
    if (route === "DELETE /me/token") {
      tokens.delete(token);
      return send(res, 200, { data: { id: "tok_0000000000000001" } });
    }
    if (route === "GET /workspaces") return page(res, url, [{ id: IDS.workspace, name: "Acme", role: "ADMIN", createdAt: "2026-01-02T03:04:05.000Z" }]);
    if ((match = route.match(/^GET \/workspaces\/([^/]+)\/projects$/))) {
      if (match[1] !== IDS.workspace) return failure(res, 404, "resource-not-found", "Workspace not found.");
      return page(res, url, projects);
    }
    if ((match = route.match(/^POST \/workspaces\/([^/]+)\/projects$/))) {
      const project = { id: newId("proj"), workspaceId: match[1]!, name: body.name, createdAt: new Date().toISOString(), resourceCount: 0 };
      projects.push(project);
      return send(res, 201, { data: project });
    }
    if ((match = route.match(/^DELETE \/projects\/([^/]+)$/))) {
      const index = projects.findIndex((p) => p.id === match![1]);
      if (index < 0) return failure(res, 404, "resource-not-found", "Project not found.");
      return send(res, 200, { data: projects.splice(index, 1)[0] });
    }
    if ((match = route.match(/^GET \/projects\/([^/]+)\/environments$/))) return page(res, url, resources.filter((r) => r.projectId === match![1]));
    if ((match = route.match(/^POST \/projects\/([^/]+)\/environments$/))) {
      const resource = {
        ...resources[0]!,
        id: newId(body.kind === "database" ? "db" : "env"),
        name: body.name,
        kind: body.kind ?? "environment",
        projectId: match[1]!,
        database: describe(body.connectionString),
      };
      if (typeof body.connectionString === "string") connections.set(resource.id, body.connectionString);
      resources.push(resource);
      return send(res, 201, { data: resource });
    }
    if ((match = route.match(/^PATCH \/environments\/([^/]+)$/))) {
      const resource = resources.find((r) => r.id === match![1]);
      if (!resource) return failure(res, 404, "resource-not-found", "Resource not found.");
      if (typeof body?.name === "string") resource.name = body.name;
      if (body?.connectionString === null) {
        connections.delete(resource.id);
        resource.database = null;
      } else if (typeof body?.connectionString === "string") {
        connections.set(resource.id, body.connectionString);
        resource.database = describe(body.connectionString);
      }
      return send(res, 200, { data: resource });
    }
    if ((match = route.match(/^POST \/environments\/([^/]+)\/connection\/test$/))) {
      const resource = resources.find((r) => r.id === match![1]);
      if (!resource) return failure(res, 404, "resource-not-found", "Resource not found.");
      const stored = connections.get(resource.id);
      if (!stored) return failure(res, 422, "validation-error", "This resource has no database connection to test.", "Set one first.");
      const database = describeConnection(stored);
      // Port 1 plays an unreachable server.
      if (database.port === 1) {
        return send(res, 200, { data: { ok: false, message: `Cannot connect to ${database.user}@${database.host}:1/${database.name}: connection refused.`, database } });
      }
      return send(res, 200, { data: { ok: true, serverVersion: "15.8", connectMs: 6.2, latencyMs: 0.4, database } });
    }
    if ((match = route.match(/^DELETE \/environments\/([^/]+)$/))) {
      const index = resources.findIndex((r) => r.id === match![1]);
      if (index < 0) return failure(res, 404, "resource-not-found", "Resource not found.");
      return send(res, 200, { data: resources.splice(index, 1)[0] });
    }
    if ((match = route.match(/^GET \/environments\/([^/]+)\/api-keys$/))) {
      if (match[1] !== IDS.resource) return failure(res, 404, "resource-not-found", "Resource not found.", "Check the id with `platform environment show`.");
      return page(res, url, keys);
    }
    if ((match = route.match(/^POST \/environments\/([^/]+)\/api-keys$/))) {
      if (typeof body?.name !== "string" || body.name.length > 64) return failure(res, 422, "validation-error", "Invalid request body.", "name: Use at most 64 characters.");
      const value = "pcsk_" + "k".repeat(34) + String(next).padStart(4, "0");
      const key = { id: newId("key"), resourceId: match[1]!, name: body.name, hint: `pcsk_…${value.slice(-4)}`, createdAt: new Date().toISOString(), lastUsedAt: null, createdBy: { id: "usr_0000000000000001", name: "Demo User", email: "demo@example.com" } };
      keys.unshift(key);
      return send(res, 201, { data: { ...key, value } }, { "cache-control": "no-store" });
    }
    if ((match = route.match(/^GET \/api-keys\/([^/]+)\/usage$/))) {
      if (!keys.some((k) => k.id === match![1])) return failure(res, 404, "resource-not-found", "API key not found.");
      const totals = { requests: 42, errors: 2, cacheHits: 3, cacheMisses: 1, cacheHitRate: 0.75, p50Ms: 1.26, p99Ms: 14.3 };
      const shape = { id: "s1", model: "User", operation: "findMany", text: 'SELECT … FROM "User" WHERE "email" = ? LIMIT ?', count: 30, totalMs: 60, avgMs: 2, p99Ms: 8.1, rows: 600 };
      return send(res, 200, { data: { keyId: match[1], totals, errorsByCode: [{ code: "P2002", count: 2 }], topByCount: [shape], topByTotalTime: [shape], series: [], keys: [] } });
    }
    if ((match = route.match(/^DELETE \/api-keys\/([^/]+)$/))) {
      const index = keys.findIndex((k) => k.id === match![1]);
      if (index < 0) return failure(res, 404, "resource-not-found", "API key not found.");
      return send(res, 200, { data: keys.splice(index, 1)[0] });
    }
    return failure(res, 404, "resource-not-found", `No route ${route}.`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    tokens,
    codes,
    issueCode,
    keys,
    requests,
    connections,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

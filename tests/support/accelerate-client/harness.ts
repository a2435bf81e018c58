import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, inject } from "vitest";
import { createQueryEngine, type ConnectionTarget, type QueryEngine, type QueryEngineOptions } from "@/lib/gateway/query";
import { KeyVerifier } from "@/lib/gateway/verifier";
import { FakeDatabase } from "../fake-key-database";
import { PrismaClient } from "./generated/v7-10/client";

// What the gateway's router will do, in a few lines: verify the key on every request (the real
// KeyVerifier over an in-memory key table, no cache, so a removed key fails on the next request),
// refuse with P6002, otherwise hand the request to the query engine with the key's resource. On a
// real node:http server on 127.0.0.1, for a real Prisma Client with `accelerateUrl`.

export const RESOURCE_A = "db_aaaaaaaaaaaaaaaa";
export const RESOURCE_B = "db_bbbbbbbbbbbbbbbb";
export const RESOURCE_NONE = "db_nnnnnnnnnnnnnnnn";

export type TestGateway = {
  port: number;
  engine: QueryEngine;
  keys: FakeDatabase;
  /** A new key of `resourceId` and its connection string. */
  keyFor(resourceId: string, projectId?: string, extra?: { expiresAt?: Date | null; permission?: "READ_WRITE" | "READ_ONLY" }): { key: string; keyId: string; url: string };
  /** Sets (or removes, with null) where a resource's queries go. */
  setTarget(resourceId: string, target: ConnectionTarget | null): void;
  close(): Promise<void>;
};

const schemaSql = fs.readFileSync(path.join(import.meta.dirname, "schema.sql"), "utf8");

/** The two PostgreSQL test databases (tests/support/accelerate-client/global-setup.ts). */
export const postgresUrls = (): [string, string] => inject("accelerateDatabaseUrls");

export async function freshPglite(): Promise<PGlite> {
  const pglite = new PGlite();
  await pglite.waitReady;
  await pglite.exec(schemaSql);
  return pglite;
}

export async function startTestGateway(targets: Record<string, ConnectionTarget | null>, options: Partial<QueryEngineOptions> = {}): Promise<TestGateway> {
  const routes = new Map(Object.entries(targets));
  const keys = new FakeDatabase();
  const verifier = new KeyVerifier(keys, { caching: false });
  const engine = createQueryEngine({ resolveConnection: async (resourceId) => routes.get(resourceId) ?? null, allowlist: null, log: () => {}, ...options });
  const server = http.createServer(async (req, res) => {
    const path = (req.url ?? "/").split("?", 1)[0]!;
    const bearer = /^Bearer[ \t]+(\S+)/i.exec(req.headers.authorization ?? "")?.[1] ?? null;
    const result = await verifier.verify(bearer);
    if (!result.valid) {
      await engine.rollbackTransactionForRefusedKey(path, bearer);
      req.resume();
      res.writeHead(401, { "Content-Type": "application/json", "Prisma-Error-Code": "P6002" });
      res.end(JSON.stringify({ code: "P6002", message: result.message }));
      return;
    }
    const expiresAt = result.expiresAt === null ? null : Date.parse(result.expiresAt);
    const key = { keyId: result.keyId, resourceId: result.resourceId, projectId: result.projectId, permission: result.permission, expiresAt };
    await engine.handle(req, res, { path, key });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    engine,
    keys,
    keyFor(resourceId, projectId = "proj_0000000000000001", extra = {}) {
      const { plaintext, row } = keys.addKey({ resourceId, projectId, ...extra });
      return { key: plaintext, keyId: row.id, url: `prisma+postgres://127.0.0.1:${port}/?api_key=${plaintext}` };
    },
    setTarget(resourceId, target) {
      routes.set(resourceId, target);
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await engine.close();
    },
  };
}

const clients: { $disconnect(): Promise<void> }[] = [];

/** A Prisma Client 7.10 with `accelerateUrl`, disconnected after the file. */
export function clientFor(url: string): PrismaClient {
  const client = new PrismaClient({ accelerateUrl: url });
  clients.push(client);
  return client;
}

afterAll(async () => {
  await Promise.all(clients.splice(0).map((client) => client.$disconnect()));
});

/** The error a promise rejects with (fails the test if it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<{ code?: string; message: string; meta?: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    return error as { code?: string; message: string; meta?: Record<string, unknown> };
  }
  throw new Error("Expected the promise to reject.");
}

export type RawAnswer = { status: number; headers: http.IncomingHttpHeaders; json: any };

/** One Accelerate request as Prisma Client 7.10 sends it (its headers), for what a client cannot be made to send. */
export function accelerateRequest(
  port: number,
  path: string,
  options: { key: string; body?: unknown; method?: string; headers?: Record<string, string> },
): Promise<RawAnswer> {
  const body = options.body === undefined ? undefined : typeof options.body === "string" ? options.body : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: "127.0.0.1", port, path, method: options.method ?? (body === undefined && path === "/connection-info" ? "GET" : "POST"), agent: false },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk) => (text += chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, json: text ? JSON.parse(text) : null }));
      },
    );
    request.setHeader("Authorization", `Bearer ${options.key}`);
    request.setHeader("Content-Type", "application/json");
    request.setHeader("Prisma-Engine-Hash", CLIENT_VERSION);
    for (const [name, value] of Object.entries(options.headers ?? {})) request.setHeader(name, value);
    request.on("error", reject);
    request.end(body);
  });
}

/** The version the 7.10 test client reports (its generator's). */
export const CLIENT_VERSION = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, "../../../node_modules/prisma/package.json"), "utf8")).version as string;

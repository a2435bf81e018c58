import "server-only";
import pg from "pg";
import { EMBEDDED_DEMO_HANDLE, isEmbeddedDemoConnection, type EmbeddedDemoHandle } from "@/lib/demo/embedded";
import { keyRevoked } from "@/lib/gateway/key-events";
import { addressAllowed, checkHost, HOST_ALLOWLIST_ENV, hostAllowlistFromEnv } from "@/lib/gateway/query/host-allowlist";
import { normalizePostgresUrl } from "@/lib/gateway/query/connections";
import { describeFailure } from "@/lib/gateway/query/connect-failure";
import {
  connectionLabel,
  describeConnection,
  type ConnectionDescription,
  type RemoveResourceConnectionInput,
  type SetResourceConnectionInput,
  type TestResourceConnectionInput,
} from "@/lib/schemas/database-connection";
import { DecryptionError, decryptConnectionString, encryptConnectionString, loadEncryptionKey, type EncryptionKey } from "@/lib/secrets/connection-encryption";
import { authorize, type Actor } from "../authz";
import { db } from "../db";
import { TokenBucketLimiter } from "../rate-limit";
import { AppError, notFound } from "../errors";
import { logError } from "../log";
import { auditRecorder, type AuditChange } from "./audit-log";
import { notifyKeyEvent, settleKeyEvent } from "./key-events";

// A resource's database connection (issue 9): the connection string the gateway runs the
// resource's queries on. Stored encrypted (lib/secrets/connection-encryption.ts); what anyone gets
// back is its description (host, port, database, user), never the string or its password.
//
// Who: Developers and Admins set, remove and test it; Viewers see the description; Billing sees
// nothing (the resource itself is invisible to it). Every call goes through authorize().
//
// After a set or a remove, gateways must stop using the old database at once: the change is
// announced as a resource-scoped key event (the NOTIFY in the same transaction, then settled), on
// which verifiers re-read that resource's keys (they stay valid) and query engines roll back the
// resource's open transactions and close its pool (lib/gateway/query, QueryEngine.applyKeyEvent).

export type DatabaseConnectionDto = ConnectionDescription & { updatedAt: string };

export type ConnectionTestResult =
  | { ok: true; serverVersion: string; connectMs: number; latencyMs: number; database: ConnectionDescription }
  | { ok: false; message: string; database: ConnectionDescription };

/** How long "Test connection" waits for the server (connect, authenticate, one query). */
export const CONNECTION_TEST_TIMEOUT_MS = 5_000;

let encryptionKey: EncryptionKey | null = null;
// The Console writes connection strings, so it may create the key file on first use (start.mjs
// normally has already); a gateway process only reads it (lib/gateway/query/stored-connections.ts).
const key = () => (encryptionKey ??= loadEncryptionKey({ create: true }));

/** A connection string as it is stored for `resourceId` (the seed writes storefront-db's this way). */
export function encryptResourceConnection(resourceId: string, connectionString: string): string {
  return encryptConnectionString(connectionString, key(), resourceId);
}

/** The description of a stored (encrypted) connection string; null if there is none. */
export function describeStoredConnection(ciphertext: string | null, updatedAt: Date | null, resourceId: string): DatabaseConnectionDto | null {
  if (ciphertext === null) return null;
  const description = describeConnection(decryptConnectionString(ciphertext, key(), resourceId));
  return { ...description, updatedAt: (updatedAt ?? new Date(0)).toISOString() };
}

// Resource ids whose stored string could not be read, so that a list of them logs each one once.
const unreadableLogged = new Set<string>();

/**
 * For resource DTOs (lists, REST responses): the description, or null when there is no connection
 * or when it cannot be decrypted with this process's key (logged once per resource, without the
 * value; the Settings card says so and offers Replace and Remove), so one bad row never breaks a list.
 */
export function connectionSummary(ciphertext: string | null, resourceId: string): ConnectionDescription | null {
  if (ciphertext === null) return null;
  try {
    return describeConnection(decryptConnectionString(ciphertext, key(), resourceId));
  } catch (error) {
    if (!unreadableLogged.has(resourceId) && unreadableLogged.size < 10_000) {
      unreadableLogged.add(resourceId);
      logError(`stored connection of ${resourceId} is unreadable`, error);
    }
    return null;
  }
}

/** The columns that store `connectionString` for `resourceId` (null: no connection). */
export function connectionColumns(resourceId: string, connectionString: string | null) {
  return connectionString === null
    ? { connectionCiphertext: null, connectionUpdatedAt: null }
    : { connectionCiphertext: encryptConnectionString(connectionString, key(), resourceId), connectionUpdatedAt: new Date() };
}

/**
 * Refuses, before anything is stored, a host that PLATFORM_DATABASE_HOSTS does not allow: the gateway
 * would refuse to connect to it anyway, and the user should hear it now, next to the field.
 */
export async function assertHostAllowed(connectionString: string): Promise<void> {
  const { host } = describeConnection(connectionString);
  const decision = await checkHost(hostAllowlistFromEnv(), host);
  if (decision.allowed) return;
  const reason = decision.reason.charAt(0).toUpperCase() + decision.reason.slice(1);
  const message = `${reason}: this Console may only connect to the database hosts its operator allows (${HOST_ALLOWLIST_ENV}). Use an allowed host, or ask the operator to add this one.`;
  throw new AppError("validation-error", message, { connectionString: [message] });
}

const select = { connectionCiphertext: true, connectionUpdatedAt: true } as const;

export async function getResourceConnection(actor: Actor, resourceId: string): Promise<DatabaseConnectionDto | null> {
  const { workspaceId } = await authorize(actor, { resourceId }, "project:read");
  const row = await (await db()).resource.findUniqueOrThrow({ where: { id: resourceId, workspaceId }, select });
  return describeStoredConnection(row.connectionCiphertext, row.connectionUpdatedAt, resourceId);
}

/**
 * The audit entry of setting (or, with null, removing) a connection. It says that the connection
 * changed, not where it points: the string is stored only encrypted, and no part of it (host,
 * database, user) is kept in plaintext anywhere in the database, the audit log included.
 */
export function connectionChange(workspaceId: string, object: { type: "resource"; id: string; name: string | null }, connectionString: string | null): AuditChange {
  return { workspaceId, action: connectionString === null ? "resource.connection_removed" : "resource.connection_set", object };
}

async function store(actor: Actor, resourceId: string, connectionString: string | null): Promise<void> {
  const { workspaceId } = await authorize(actor, { resourceId }, "project:write");
  if (connectionString !== null) await assertHostAllowed(connectionString);
  const prisma = await db();
  const changed = keyRevoked({ resourceId });
  const audit = await auditRecorder(actor);
  await prisma.$transaction(async (tx) => {
    const row = await tx.resource.findUnique({ where: { id: resourceId, workspaceId }, select: { name: true } });
    const updated = await tx.resource.updateMany({ where: { id: resourceId, workspaceId }, data: connectionColumns(resourceId, connectionString) });
    if (!row || updated.count === 0) throw notFound("Resource");
    await audit(tx, connectionChange(workspaceId, { type: "resource", id: resourceId, name: row.name }, connectionString));
    await notifyKeyEvent(tx, changed);
  });
  await settleKeyEvent(changed);
}

/** Sets (or replaces) the connection string; the input is already validated by its schema. */
export async function setResourceConnection(actor: Actor, input: SetResourceConnectionInput): Promise<DatabaseConnectionDto> {
  await store(actor, input.resourceId, input.connectionString);
  return (await getResourceConnection(actor, input.resourceId))!;
}

export async function removeResourceConnection(actor: Actor, input: RemoveResourceConnectionInput): Promise<null> {
  await store(actor, input.resourceId, null);
  return null;
}

/** The demo's embedded database lives in the process serving the gateway: this one, under `npm start`. */
async function probeEmbeddedDemo(database: ConnectionDescription): Promise<ConnectionTestResult> {
  const demo = (globalThis as Record<symbol, unknown>)[EMBEDDED_DEMO_HANDLE] as EmbeddedDemoHandle | undefined;
  if (!demo) return { ok: false, message: "The embedded demo database is served only by the Console's own process (npm start).", database };
  const started = performance.now();
  try {
    const serverVersion = await demo.serverVersion();
    const ms = Math.round((performance.now() - started) * 10) / 10;
    return { ok: true, serverVersion, connectMs: 0, latencyMs: ms, database };
  } catch {
    return { ok: false, message: "The embedded demo database could not be opened; see the Console's log.", database };
  }
}

// "Test connection" makes the server connect where the caller says: without PLATFORM_DATABASE_HOSTS
// it would be a port scanner with a friendly report. Each caller (user or service token) gets 10
// tests at once, then one every 6 seconds, in this process — plenty for a person at a form.
const connectionTests = new TokenBucketLimiter(10, 1 / 6);

function takeConnectionTest(actor: Actor): void {
  const who = actor.type === "user" ? `user:${actor.userId}` : `token:${actor.tokenId}`;
  const decision = connectionTests.check(who);
  if (!decision.allowed) {
    throw new AppError("rate-limit-exceeded", `Too many connection tests. Try again in ${decision.retryAfterSeconds} s.`);
  }
  connectionTests.consume(who);
}

/**
 * "Test connection": reachability, server version and latency of the stored string or of a
 * candidate, with a short timeout and PLATFORM_DATABASE_HOSTS applied as the gateway applies it.
 * A failure is a result (with a message naming host and cause), not an error.
 */
export async function testResourceConnection(actor: Actor, input: TestResourceConnectionInput): Promise<ConnectionTestResult> {
  const { workspaceId } = await authorize(actor, { resourceId: input.resourceId }, "project:write");
  takeConnectionTest(actor);
  const result = await testConnectionOf(workspaceId, input);
  // A test changes nothing, so its entry stands alone: whether it connected, and whether it tested
  // the stored string or a candidate (not where it pointed; see connectionChange).
  const resource = await (await db()).resource.findUnique({ where: { id: input.resourceId, workspaceId }, select: { name: true } });
  await (await auditRecorder(actor))(await db(), {
    workspaceId,
    action: "resource.connection_tested",
    object: { type: "resource", id: input.resourceId, name: resource?.name ?? null },
    details: { ok: result.ok, candidate: input.connectionString !== undefined },
  });
  return result;
}

async function testConnectionOf(workspaceId: string, input: TestResourceConnectionInput): Promise<ConnectionTestResult> {
  let url = input.connectionString;
  if (url === undefined) {
    const row = await (await db()).resource.findUniqueOrThrow({ where: { id: input.resourceId, workspaceId }, select });
    if (row.connectionCiphertext === null) throw new AppError("validation-error", "This resource has no database connection to test.");
    try {
      url = decryptConnectionString(row.connectionCiphertext, key(), input.resourceId);
    } catch (error) {
      if (error instanceof DecryptionError) throw new AppError("validation-error", `${error.message} Replace the connection string.`);
      throw error;
    }
  }
  return probe(url);
}

async function probe(url: string): Promise<ConnectionTestResult> {
  const database = describeConnection(url);
  const where = connectionLabel(database);
  if (isEmbeddedDemoConnection(url)) return probeEmbeddedDemo(database);
  const allowlist = hostAllowlistFromEnv();
  const decision = await checkHost(allowlist, database.host);
  if (!decision.allowed) return { ok: false, message: `Cannot connect to ${where}: ${decision.reason}.`, database };
  const { connectionString } = normalizePostgresUrl(url);
  const password = decodeURIComponent(new URL(url).password) || undefined;
  const client = new pg.Client({
    connectionString,
    connectionTimeoutMillis: CONNECTION_TEST_TIMEOUT_MS,
    query_timeout: CONNECTION_TEST_TIMEOUT_MS,
    application_name: "platform-console-test",
  });
  client.on("error", () => {});
  const round = (ms: number) => Math.round(ms * 10) / 10;
  try {
    const started = performance.now();
    await client.connect();
    const connectMs = round(performance.now() - started);
    const peer = (client as unknown as { connection?: { stream?: { remoteAddress?: string } } }).connection?.stream?.remoteAddress;
    if (decision.checkPeer && allowlist && !(peer && addressAllowed(allowlist, peer))) {
      return { ok: false, message: `Cannot connect to ${where}: the host resolved to an address outside ${HOST_ALLOWLIST_ENV}.`, database };
    }
    const asked = performance.now();
    const { rows } = await client.query<{ server_version: string }>("SHOW server_version");
    const latencyMs = round(performance.now() - asked);
    return { ok: true, serverVersion: rows[0]?.server_version ?? "unknown", connectMs, latencyMs, database };
  } catch (error) {
    const reason = describeFailure(error, { connectionString, connectTimeoutMs: CONNECTION_TEST_TIMEOUT_MS, password });
    return { ok: false, message: `Cannot connect to ${where}: ${reason}.`, database };
  } finally {
    await client.end().catch(() => {});
  }
}

import "server-only";
import { newId } from "@/lib/ids";
import { accessTokenKind, digestAccessToken, personalTokens, serviceTokens } from "@/lib/keys/access-token";
import type {
  CreatePersonalTokenInput,
  CreateServiceTokenInput,
  DeleteAccessTokenInput,
} from "@/lib/schemas/access-token";
import { authorize, requireUserActor, type Actor } from "../authz";
import { db } from "../db";
import { notFound } from "../errors";
import { auditRecorder, workspacesOf, type AuditChange } from "./audit-log";

/** What the token pages list: never the token, nor its digest. */
export type AccessTokenDto = {
  id: string;
  kind: "personal" | "service";
  name: string;
  hint: string;
  workspaceId: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  createdBy: { name: string; email: string } | null;
};

const tokenSelect = {
  id: true,
  kind: true,
  name: true,
  hint: true,
  workspaceId: true,
  createdAt: true,
  lastUsedAt: true,
  createdBy: { select: { name: true, email: true } },
} as const;

type TokenRow = {
  id: string;
  kind: "PERSONAL" | "SERVICE";
  name: string;
  hint: string;
  workspaceId: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  createdBy: { name: string; email: string } | null;
};

function toDto(row: TokenRow): AccessTokenDto {
  return {
    ...row,
    kind: row.kind === "PERSONAL" ? "personal" : "service",
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  };
}

export async function createPersonalToken(
  actor: Actor,
  input: CreatePersonalTokenInput,
): Promise<{ token: AccessTokenDto; plaintext: string }> {
  const { userId } = requireUserActor(actor);
  const { plaintext, digest, hint } = personalTokens.generate();
  const prisma = await db();
  const audit = await auditRecorder(actor);
  const row = await prisma.$transaction(async (tx) => {
    const created = await tx.accessToken.create({
      data: { id: newId("accessToken"), kind: "PERSONAL", userId, name: input.name, digest, hint, createdById: userId },
      select: tokenSelect,
    });
    // A personal token acts in every workspace of its owner: each of them logs it.
    await audit(tx, ...tokenChanges(await workspacesOf(tx, userId), "token.created", created));
    return created;
  });
  return { token: toDto(row), plaintext };
}

export async function listPersonalTokens(actor: Actor): Promise<AccessTokenDto[]> {
  const { userId } = requireUserActor(actor);
  const prisma = await db();
  const rows = await prisma.accessToken.findMany({
    where: { kind: "PERSONAL", userId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: tokenSelect,
  });
  return rows.map(toDto);
}

export async function createServiceToken(
  actor: Actor,
  input: CreateServiceTokenInput,
): Promise<{ token: AccessTokenDto; plaintext: string }> {
  const { workspaceId } = await authorize(actor, { workspaceId: input.workspaceId }, "workspace:admin");
  const { userId } = requireUserActor(actor);
  const { plaintext, digest, hint } = serviceTokens.generate();
  const prisma = await db();
  const audit = await auditRecorder(actor);
  const row = await prisma.$transaction(async (tx) => {
    const created = await tx.accessToken.create({
      data: { id: newId("accessToken"), kind: "SERVICE", workspaceId, name: input.name, digest, hint, createdById: userId },
      select: tokenSelect,
    });
    await audit(tx, ...tokenChanges([workspaceId], "token.created", created));
    return created;
  });
  return { token: toDto(row), plaintext };
}

export async function listServiceTokens(actor: Actor, workspaceId: string): Promise<AccessTokenDto[]> {
  await authorize(actor, { workspaceId }, "workspace:admin");
  const prisma = await db();
  const rows = await prisma.accessToken.findMany({
    where: { kind: "SERVICE", workspaceId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: tokenSelect,
  });
  return rows.map(toDto);
}

/** Deletes one's own personal token, or (as an Admin) a service token of one's workspace. */
export async function deleteAccessToken(actor: Actor, input: DeleteAccessTokenInput): Promise<AccessTokenDto> {
  const prisma = await db();
  const row = await prisma.accessToken.findUnique({ where: { id: input.tokenId }, select: { ...tokenSelect, userId: true } });
  if (!row) throw notFound("Token");
  if (row.kind === "PERSONAL") {
    if (actor.type !== "user" || row.userId !== actor.userId) throw notFound("Token");
  } else {
    await authorize(actor, { workspaceId: row.workspaceId! }, "workspace:admin").catch(() => {
      throw notFound("Token");
    });
  }
  await removeToken(actor, row);
  return toDto(row);
}

/** The entries of a token's creation or revocation: never its value, only its id, kind, name and hint. */
function tokenChanges(workspaceIds: string[], action: "token.created" | "token.revoked", token: { id: string; kind: "PERSONAL" | "SERVICE"; name: string; hint: string }): AuditChange[] {
  const details = { kind: token.kind === "PERSONAL" ? "personal" : "service", hint: token.hint };
  return workspaceIds.map((workspaceId) => ({ workspaceId, action, object: { type: "token", id: token.id, name: token.name }, details }));
}

/** Deletes a token and logs it (in its workspace, or in each of its owner's), in one transaction. */
async function removeToken(
  actor: Actor,
  row: { id: string; kind: "PERSONAL" | "SERVICE"; name: string; hint: string; userId: string | null; workspaceId: string | null },
): Promise<void> {
  const prisma = await db();
  // Snapshotted first: a token revoking itself is gone once the delete runs.
  const audit = await auditRecorder(actor);
  await prisma.$transaction(async (tx) => {
    const deleted = await tx.accessToken.deleteMany({ where: { id: row.id } });
    if (deleted.count === 0) return;
    const workspaceIds = row.kind === "SERVICE" ? [row.workspaceId!] : await workspacesOf(tx, row.userId!);
    await audit(tx, ...tokenChanges(workspaceIds, "token.revoked", row));
  });
}

const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * The Actor a bearer token stands for, or null for anything that is not a live token. The format
 * and checksum are checked first, so garbage never costs a query.
 */
export async function authenticateAccessToken(bearer: string): Promise<{ actor: Actor; tokenId: string } | null> {
  const kind = accessTokenKind(bearer);
  const format = kind === "personal" ? personalTokens.check(bearer) : kind === "service" ? serviceTokens.check(bearer) : null;
  if (!format?.ok) return null;
  const prisma = await db();
  const row = await prisma.accessToken.findUnique({
    where: { digest: digestAccessToken(bearer) },
    select: { id: true, kind: true, userId: true, workspaceId: true, lastUsedAt: true },
  });
  if (!row) return null;
  const now = Date.now();
  if (!row.lastUsedAt || now - row.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
    await prisma.accessToken.updateMany({ where: { id: row.id }, data: { lastUsedAt: new Date(now) } });
  }
  const actor: Actor =
    row.kind === "PERSONAL" ? { type: "user", userId: row.userId! } : { type: "service", tokenId: row.id, workspaceId: row.workspaceId! };
  return { actor, tokenId: row.id };
}

/** `platform auth logout`: the token revokes itself. */
export async function revokeAccessToken(actor: Actor, tokenId: string): Promise<void> {
  const prisma = await db();
  const row = await prisma.accessToken.findUnique({ where: { id: tokenId }, select: { ...tokenSelect, userId: true } });
  if (row) await removeToken(actor, row);
}

import "server-only";
import type { Actor } from "../authz";
import { db } from "../db";
import { unauthenticated } from "../errors";
import type { MeDto } from "./schemas";

/** Who a token stands for: `GET /api/v1/me`, and what `platform auth show` prints. */
export async function describeCaller(actor: Actor, tokenId: string): Promise<MeDto> {
  if (actor.type === "service") return { type: "service", tokenId, workspaceId: actor.workspaceId };
  const prisma = await db();
  const user = await prisma.user.findUnique({ where: { id: actor.userId }, select: { id: true, email: true, name: true } });
  if (!user) throw unauthenticated();
  return { type: "user", ...user, tokenId };
}

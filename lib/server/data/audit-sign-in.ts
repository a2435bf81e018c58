import "server-only";
import { db } from "../db";
import { logError } from "../log";
import type { RequestOrigin } from "../request-origin";
import { workspacesOf, writeAudit } from "./audit-log";

// "member.sign_in_failed": a wrong password for the email of an account, recorded in every
// workspace that account belongs to, so that its Admins see someone trying a member's account.
// Only attempts whose password was actually checked count: a throttled attempt (lib/server/
// sign-in-throttle.ts) is refused before any check and is not logged, so the throttle also bounds
// how fast anyone can add to a workspace's log. An email without an account is logged nowhere.
// Nothing changes on a failed sign-in, so the entries have no other transaction to join; a failure
// to write them is logged and the sign-in is still answered as the wrong password it was.

export async function recordFailedSignIn(userId: string, email: string, origin: RequestOrigin): Promise<void> {
  try {
    const prisma = await db();
    await prisma.$transaction(async (tx) => {
      const workspaceIds = await workspacesOf(tx, userId);
      if (workspaceIds.length === 0) return;
      const who = {
        actorType: "anonymous" as const,
        actorUserId: null,
        actorName: null,
        actorEmail: email,
        tokenId: null,
        tokenName: null,
        path: origin.path,
        address: origin.address,
        userAgent: origin.userAgent,
      };
      const object = { type: "member" as const, id: userId, name: email };
      await writeAudit(tx, who, ...workspaceIds.map((workspaceId) => ({ workspaceId, action: "member.sign_in_failed" as const, object })));
    });
  } catch (error) {
    logError("recording a failed sign-in in the audit log", error);
  }
}

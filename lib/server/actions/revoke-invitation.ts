"use server";

import { revalidatePath } from "next/cache";
import { invitationRefSchema } from "@/lib/schemas/member";
import { runAction, type ActionResult } from "../action-result";
import { revokeInvitation } from "../data/invitations";
import { requireActor } from "../session";

export async function revokeInvitationAction(input: unknown): Promise<ActionResult<{ workspaceId: string }>> {
  return runAction("revokeInvitationAction", invitationRefSchema, input, async (data) => {
    const result = await revokeInvitation(await requireActor(), data);
    revalidatePath(`/${result.workspaceId}`, "layout");
    return result;
  });
}

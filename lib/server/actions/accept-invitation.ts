"use server";

import { revalidatePath } from "next/cache";
import { invitationRefSchema } from "@/lib/schemas/member";
import { runAction, type ActionResult } from "../action-result";
import { acceptInvitation } from "../data/invitations";
import { requireActor } from "../session";

export async function acceptInvitationAction(input: unknown): Promise<ActionResult<{ workspaceId: string }>> {
  return runAction("acceptInvitationAction", invitationRefSchema, input, async (data) => {
    const result = await acceptInvitation(await requireActor(), data);
    revalidatePath("/", "layout");
    return result;
  });
}

"use server";

import { revalidatePath } from "next/cache";
import { acceptInvitationSchema } from "@/lib/schemas/member";
import { runAction, type ActionResult } from "../action-result";
import { acceptInvitation } from "../data/invitation-acceptance";
import { requireActor } from "../session";

/** Joins the workspace of the invitation whose one-time secret is `secret` (from its link). */
export async function acceptInvitationAction(input: unknown): Promise<ActionResult<{ workspaceId: string }>> {
  return runAction("acceptInvitationAction", acceptInvitationSchema, input, async (data) => {
    const result = await acceptInvitation(await requireActor(), data);
    revalidatePath("/", "layout");
    return result;
  });
}

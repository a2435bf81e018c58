"use server";

import { revalidatePath } from "next/cache";
import { invitationRefSchema } from "@/lib/schemas/member";
import { runAction, type ActionResult } from "../action-result";
import { renewInvitation, type IssuedInvitation } from "../data/invitations";
import { requireActor } from "../session";

/** "Create a new link" (with SMTP: "Resend"): the old secret stops working. */
export async function renewInvitationAction(input: unknown): Promise<ActionResult<IssuedInvitation>> {
  return runAction("renewInvitationAction", invitationRefSchema, input, async (data) => {
    const result = await renewInvitation(await requireActor(), data);
    revalidatePath(`/${result.workspaceId}`, "layout");
    return result;
  });
}

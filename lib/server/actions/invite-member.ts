"use server";

import { revalidatePath } from "next/cache";
import { inviteMemberSchema } from "@/lib/schemas/member";
import { runAction, type ActionResult } from "../action-result";
import { inviteMember, type IssuedInvitation } from "../data/invitations";
import { requireActor } from "../session";

/** Without SMTP the result carries the link's secret, for the show-once dialog only. */
export async function inviteMemberAction(input: unknown): Promise<ActionResult<IssuedInvitation>> {
  return runAction("inviteMemberAction", inviteMemberSchema, input, async (data) => {
    const result = await inviteMember(await requireActor(), data);
    revalidatePath(`/${data.workspaceId}`, "layout");
    return result;
  });
}

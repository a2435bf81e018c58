"use server";

import { revalidatePath } from "next/cache";
import { inviteMemberSchema } from "@/lib/schemas/member";
import { runAction, type ActionResult } from "../action-result";
import { inviteMember, type InvitationDto } from "../data/invitations";
import { requireActor } from "../session";

export async function inviteMemberAction(input: unknown): Promise<ActionResult<InvitationDto>> {
  return runAction("inviteMemberAction", inviteMemberSchema, input, async (data) => {
    const result = await inviteMember(await requireActor(), data);
    revalidatePath(`/${data.workspaceId}`, "layout");
    return result;
  });
}

"use server";

import { revalidatePath } from "next/cache";
import { removeMemberSchema } from "@/lib/schemas/member";
import { runAction, type ActionResult } from "../action-result";
import { removeMember } from "../data/members";
import { requireActor } from "../session";

export async function removeMemberAction(input: unknown): Promise<ActionResult<{ workspaceId: string }>> {
  return runAction("removeMemberAction", removeMemberSchema, input, async (data) => {
    const result = await removeMember(await requireActor(), data);
    revalidatePath(`/${result.workspaceId}`, "layout");
    return result;
  });
}

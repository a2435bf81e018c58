"use server";

import { revalidatePath } from "next/cache";
import { changeMemberRoleSchema } from "@/lib/schemas/member";
import { runAction, type ActionResult } from "../action-result";
import { changeMemberRole } from "../data/members";
import { requireActor } from "../session";

export async function changeMemberRoleAction(input: unknown): Promise<ActionResult<{ workspaceId: string }>> {
  return runAction("changeMemberRoleAction", changeMemberRoleSchema, input, async (data) => {
    const result = await changeMemberRole(await requireActor(), data);
    revalidatePath(`/${result.workspaceId}`, "layout");
    return result;
  });
}

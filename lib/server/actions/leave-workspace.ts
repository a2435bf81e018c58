"use server";

import { revalidatePath } from "next/cache";
import { leaveWorkspaceSchema } from "@/lib/schemas/member";
import { runAction, type ActionResult } from "../action-result";
import { leaveWorkspace } from "../data/members";
import { requireActor } from "../session";

export async function leaveWorkspaceAction(input: unknown): Promise<ActionResult<{ workspaceId: string }>> {
  return runAction("leaveWorkspaceAction", leaveWorkspaceSchema, input, async (data) => {
    const result = await leaveWorkspace(await requireActor(), data);
    revalidatePath("/", "layout");
    return result;
  });
}

"use server";

import { revalidatePath } from "next/cache";
import { renameWorkspaceSchema } from "@/lib/schemas/workspace";
import { runAction, type ActionResult } from "../action-result";
import { renameWorkspace, type WorkspaceDto } from "../data/workspaces";
import { requireActor } from "../session";

export async function renameWorkspaceAction(input: unknown): Promise<ActionResult<WorkspaceDto>> {
  return runAction("renameWorkspaceAction", renameWorkspaceSchema, input, async (data) => {
    const result = await renameWorkspace(await requireActor(), data);
    revalidatePath(`/${result.id}`, "layout");
    return result;
  });
}

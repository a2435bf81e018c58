"use server";

import { revalidatePath } from "next/cache";
import { createWorkspaceSchema } from "@/lib/schemas/workspace";
import { runAction, type ActionResult } from "../action-result";
import { createWorkspace, type WorkspaceDto } from "../data/workspaces";
import { requireActor } from "../session";

export async function createWorkspaceAction(input: unknown): Promise<ActionResult<WorkspaceDto>> {
  return runAction("createWorkspaceAction", createWorkspaceSchema, input, async (data) => {
    const result = await createWorkspace(await requireActor(), data);
    revalidatePath("/", "layout");
    return result;
  });
}

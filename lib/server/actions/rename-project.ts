"use server";

import { revalidatePath } from "next/cache";
import { renameProjectSchema } from "@/lib/schemas/project";
import { runAction, type ActionResult } from "../action-result";
import { renameProject, type ProjectDto } from "../data/projects";
import { requireActor } from "../session";

export async function renameProjectAction(input: unknown): Promise<ActionResult<ProjectDto>> {
  return runAction("renameProjectAction", renameProjectSchema, input, async (data) => {
    const result = await renameProject(await requireActor(), data);
    revalidatePath(`/${result.workspaceId}`, "layout");
    return result;
  });
}

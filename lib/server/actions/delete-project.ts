"use server";

import { revalidatePath } from "next/cache";
import { deleteProjectSchema } from "@/lib/schemas/project";
import { runAction, type ActionResult } from "../action-result";
import { deleteProject, type ProjectDto } from "../data/projects";
import { requireActor } from "../session";

export async function deleteProjectAction(input: unknown): Promise<ActionResult<ProjectDto>> {
  return runAction("deleteProjectAction", deleteProjectSchema, input, async (data) => {
    const result = await deleteProject(await requireActor(), data);
    revalidatePath(`/${result.workspaceId}`, "layout");
    return result;
  });
}

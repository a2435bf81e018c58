"use server";

import { revalidatePath } from "next/cache";
import { createProjectSchema } from "@/lib/schemas/project";
import { runAction, type ActionResult } from "../action-result";
import { createProject, type ProjectDto } from "../data/projects";
import { requireActor } from "../session";

export async function createProjectAction(input: unknown): Promise<ActionResult<ProjectDto>> {
  return runAction("createProjectAction", createProjectSchema, input, async (data) => {
    const result = await createProject(await requireActor(), data);
    revalidatePath(`/${result.workspaceId}`, "layout");
    return result;
  });
}

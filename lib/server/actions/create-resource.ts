"use server";

import { revalidatePath } from "next/cache";
import { createResourceSchema } from "@/lib/schemas/resource";
import { runAction, type ActionResult } from "../action-result";
import { createResource, type ResourceDto } from "../data/resources";
import { requireActor } from "../session";

export async function createResourceAction(input: unknown): Promise<ActionResult<ResourceDto>> {
  return runAction("createResourceAction", createResourceSchema, input, async (data) => {
    const result = await createResource(await requireActor(), data);
    revalidatePath(`/${result.workspaceId}/${result.projectId}`, "layout");
    return result;
  });
}

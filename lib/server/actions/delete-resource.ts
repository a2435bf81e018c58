"use server";

import { revalidatePath } from "next/cache";
import { deleteResourceSchema } from "@/lib/schemas/resource";
import { runAction, type ActionResult } from "../action-result";
import { deleteResource, type ResourceDto } from "../data/resources";
import { requireActor } from "../session";

export async function deleteResourceAction(input: unknown): Promise<ActionResult<ResourceDto>> {
  return runAction("deleteResourceAction", deleteResourceSchema, input, async (data) => {
    const result = await deleteResource(await requireActor(), data);
    revalidatePath(`/${result.workspaceId}/${result.projectId}`, "layout");
    return result;
  });
}

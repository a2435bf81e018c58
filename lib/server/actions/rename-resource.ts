"use server";

import { revalidatePath } from "next/cache";
import { renameResourceSchema } from "@/lib/schemas/resource";
import { runAction, type ActionResult } from "../action-result";
import { renameResource, type ResourceDto } from "../data/resources";
import { requireActor } from "../session";

export async function renameResourceAction(input: unknown): Promise<ActionResult<ResourceDto>> {
  return runAction("renameResourceAction", renameResourceSchema, input, async (data) => {
    const result = await renameResource(await requireActor(), data);
    revalidatePath(`/${result.workspaceId}/${result.projectId}`, "layout");
    return result;
  });
}

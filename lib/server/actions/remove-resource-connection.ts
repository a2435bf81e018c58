"use server";

import { revalidatePath } from "next/cache";
import { removeResourceConnectionSchema } from "@/lib/schemas/database-connection";
import { runAction, type ActionResult } from "../action-result";
import { removeResourceConnection } from "../data/resource-connections";
import { requireActor } from "../session";

export async function removeResourceConnectionAction(input: unknown): Promise<ActionResult<null>> {
  return runAction("removeResourceConnectionAction", removeResourceConnectionSchema, input, async (data) => {
    const result = await removeResourceConnection(await requireActor(), data);
    revalidatePath("/", "layout");
    return result;
  });
}

"use server";

import { revalidatePath } from "next/cache";
import { setResourceConnectionSchema } from "@/lib/schemas/database-connection";
import { runAction, type ActionResult } from "../action-result";
import { setResourceConnection, type DatabaseConnectionDto } from "../data/resource-connections";
import { requireActor } from "../session";

/** Sets or replaces a resource's connection string; answers with host, port, database and user only. */
export async function setResourceConnectionAction(input: unknown): Promise<ActionResult<DatabaseConnectionDto>> {
  return runAction("setResourceConnectionAction", setResourceConnectionSchema, input, async (data) => {
    const result = await setResourceConnection(await requireActor(), data);
    revalidatePath("/", "layout");
    return result;
  });
}

"use server";

import { revalidatePath } from "next/cache";
import { deleteApiKeySchema } from "@/lib/schemas/api-key";
import { runAction, type ActionResult } from "../action-result";
import { deleteApiKey, type ApiKeyDto } from "../data/api-keys";
import { requireActor } from "../session";

export async function deleteApiKeyAction(input: unknown): Promise<ActionResult<ApiKeyDto>> {
  return runAction("deleteApiKeyAction", deleteApiKeySchema, input, async (data) => {
    const result = await deleteApiKey(await requireActor(), data);
    revalidatePath("/", "layout");
    return result;
  });
}

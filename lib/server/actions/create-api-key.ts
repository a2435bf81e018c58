"use server";

import { revalidatePath } from "next/cache";
import { createApiKeySchema } from "@/lib/schemas/api-key";
import { runAction, type ActionResult } from "../action-result";
import { createApiKey, type ApiKeyDto } from "../data/api-keys";
import { requireActor } from "../session";

/**
 * Returns the new key's plaintext exactly once. The client keeps it only in the show-once
 * dialog's local state; it is not logged, cached, or put in a URL.
 */
export async function createApiKeyAction(input: unknown): Promise<ActionResult<{ apiKey: ApiKeyDto; plaintext: string }>> {
  return runAction("createApiKeyAction", createApiKeySchema, input, async (data) => {
    const result = await createApiKey(await requireActor(), data);
    // Key counts on the project page are server-rendered; the key list itself is TanStack Query's.
    revalidatePath("/", "layout");
    return result;
  });
}

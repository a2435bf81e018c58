"use server";

import { revalidatePath } from "next/cache";
import { rollApiKeySchema } from "@/lib/schemas/api-key";
import { runAction, type ActionResult } from "../action-result";
import type { ApiKeyDto } from "../data/api-keys";
import { rollApiKey } from "../data/api-key-roll";
import { requireActor } from "../session";

/** Rolls a key; the successor's plaintext is returned once, for the show-once dialog only. */
export async function rollApiKeyAction(input: unknown): Promise<ActionResult<{ apiKey: ApiKeyDto; plaintext: string; rolled: ApiKeyDto }>> {
  return runAction("rollApiKeyAction", rollApiKeySchema, input, async (data) => {
    const result = await rollApiKey(await requireActor(), data);
    revalidatePath("/", "layout");
    return result;
  });
}

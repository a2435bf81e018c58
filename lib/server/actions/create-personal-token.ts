"use server";

import { revalidatePath } from "next/cache";
import { createPersonalTokenSchema } from "@/lib/schemas/access-token";
import { runAction, type ActionResult } from "../action-result";
import { createPersonalToken, type AccessTokenDto } from "../data/access-tokens";
import { requireActor } from "../session";

/** Returns the token's plaintext exactly once, for the show-once dialog. */
export async function createPersonalTokenAction(input: unknown): Promise<ActionResult<{ token: AccessTokenDto; plaintext: string }>> {
  return runAction("createPersonalTokenAction", createPersonalTokenSchema, input, async (data) => {
    const result = await createPersonalToken(await requireActor(), data);
    revalidatePath("/account/tokens");
    return result;
  });
}

"use server";

import { revalidatePath } from "next/cache";
import { createServiceTokenSchema } from "@/lib/schemas/access-token";
import { runAction, type ActionResult } from "../action-result";
import { createServiceToken, type AccessTokenDto } from "../data/access-tokens";
import { requireActor } from "../session";

/** Returns the token's plaintext exactly once, for the show-once dialog. */
export async function createServiceTokenAction(input: unknown): Promise<ActionResult<{ token: AccessTokenDto; plaintext: string }>> {
  return runAction("createServiceTokenAction", createServiceTokenSchema, input, async (data) => {
    const result = await createServiceToken(await requireActor(), data);
    revalidatePath(`/${data.workspaceId}/settings`);
    return result;
  });
}

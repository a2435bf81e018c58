"use server";

import { revalidatePath } from "next/cache";
import { deleteAccessTokenSchema } from "@/lib/schemas/access-token";
import { runAction, type ActionResult } from "../action-result";
import { deleteAccessToken, type AccessTokenDto } from "../data/access-tokens";
import { requireActor } from "../session";

export async function deleteAccessTokenAction(input: unknown): Promise<ActionResult<AccessTokenDto>> {
  return runAction("deleteAccessTokenAction", deleteAccessTokenSchema, input, async (data) => {
    const result = await deleteAccessToken(await requireActor(), data);
    revalidatePath(result.workspaceId ? `/${result.workspaceId}/settings` : "/account/tokens");
    return result;
  });
}

"use server";

import { revalidatePath } from "next/cache";
import { updateKeyPolicySchema } from "@/lib/schemas/key-policy";
import { runAction, type ActionResult } from "../action-result";
import { updateKeyPolicy, type KeyPolicyDto } from "../data/key-policy";
import { requireActor } from "../session";

export async function updateKeyPolicyAction(input: unknown): Promise<ActionResult<KeyPolicyDto>> {
  return runAction("updateKeyPolicyAction", updateKeyPolicySchema, input, async (data) => {
    const result = await updateKeyPolicy(await requireActor(), data);
    revalidatePath(`/${data.workspaceId}`, "layout");
    return result;
  });
}

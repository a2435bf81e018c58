"use server";

import { revalidatePath } from "next/cache";
import type { NudgeThresholds } from "@/lib/keys/nudges";
import { updateKeyNudgesSchema } from "@/lib/schemas/key-policy";
import { runAction, type ActionResult } from "../action-result";
import { updateNudgeThresholds } from "../data/key-nudges";
import { requireActor } from "../session";

/** Workspace Settings → Key reminders (Admins). The key lists and the workspace page follow at once. */
export async function updateKeyNudgesAction(input: unknown): Promise<ActionResult<NudgeThresholds>> {
  return runAction("updateKeyNudgesAction", updateKeyNudgesSchema, input, async (data) => {
    const result = await updateNudgeThresholds(await requireActor(), data);
    revalidatePath(`/${data.workspaceId}`, "layout");
    return result;
  });
}

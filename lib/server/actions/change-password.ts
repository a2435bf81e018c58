"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { changePasswordSchema } from "@/lib/schemas/account";
import { runAction, type ActionResult } from "../action-result";
import { clientAddressOf } from "../client-address";
import { changePassword } from "../data/account";
import { requireSession } from "../session";

/** Account page, "Change password": checks the current password, stores the new one, ends the other sessions. */
export async function changePasswordAction(input: unknown): Promise<ActionResult<{ endedSessions: number }>> {
  const result = await runAction("changePasswordAction", changePasswordSchema, input, async (data) => {
    const session = await requireSession();
    return changePassword(session, data, { address: clientAddressOf(await headers()) });
  });
  if (!result.ok) return result;
  if (!result.data.changed) return { ok: false, error: result.data.error, fieldErrors: result.data.fieldErrors };
  // The account page lists the sessions, which just lost every other browser.
  revalidatePath("/account");
  return { ok: true, data: { endedSessions: result.data.endedSessions } };
}

"use server";

import { resetPasswordSchema } from "@/lib/schemas/password-reset";
import { runAction, type ActionResult } from "../action-result";
import { resetPassword } from "../data/password-resets";

/** Uses a reset link's secret: no session needed (the secret reached the address), and none is left. */
export async function resetPasswordAction(
  input: unknown,
): Promise<ActionResult<{ email: string; endedSessions: number; revokedTokens: number }>> {
  return runAction("resetPasswordAction", resetPasswordSchema, input, async (data) => resetPassword(data));
}

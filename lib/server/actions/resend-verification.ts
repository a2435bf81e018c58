"use server";

import { resendVerificationSchema } from "@/lib/schemas/email-verification";
import { runAction, type ActionResult } from "../action-result";
import { resendVerification } from "../data/email-verifications";
import { requireActor } from "../session";

/** Mails the signed-in user a new verification link (rate limited per user). */
export async function resendVerificationAction(input: unknown): Promise<ActionResult<{ sentTo: string }>> {
  return runAction("resendVerificationAction", resendVerificationSchema, input, async () => resendVerification(await requireActor()));
}

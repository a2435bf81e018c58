"use server";

import { verifyEmailSchema } from "@/lib/schemas/email-verification";
import { runAction, type ActionResult } from "../action-result";
import { verifyEmail } from "../data/email-verifications";

/**
 * Uses a verification link's secret. No session needed: the secret was mailed to the address. No
 * revalidation either: the page would re-render as "already used" under the success message, and
 * the Console's banner is rendered afresh on the next navigation anyway.
 */
export async function verifyEmailAction(input: unknown): Promise<ActionResult<{ email: string }>> {
  return runAction("verifyEmailAction", verifyEmailSchema, input, async (data) => verifyEmail(data));
}

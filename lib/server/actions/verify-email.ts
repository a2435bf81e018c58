"use server";

import { revalidatePath } from "next/cache";
import { verifyEmailSchema } from "@/lib/schemas/email-verification";
import { runAction, type ActionResult } from "../action-result";
import { verifyEmail } from "../data/email-verifications";

/** Uses a verification link's secret. No session needed: the secret was mailed to the address. */
export async function verifyEmailAction(input: unknown): Promise<ActionResult<{ email: string }>> {
  return runAction("verifyEmailAction", verifyEmailSchema, input, async (data) => {
    const result = await verifyEmail(data);
    revalidatePath("/", "layout");
    return result;
  });
}

"use server";

import { headers } from "next/headers";
import { requestPasswordResetSchema } from "@/lib/schemas/password-reset";
import { runAction, type ActionResult } from "../action-result";
import { clientAddressOf } from "../client-address";
import { requestPasswordReset } from "../data/password-resets";
import { AppError } from "../errors";
import { TokenBucketLimiter } from "../rate-limit";

// Per client address, in this process (each instance has its own): 10 requests at once, then one a
// minute. It keeps one address from mailing links to a long list of others; the per-account limit
// (in the database, lib/server/data/password-resets.ts) keeps any one inbox from being flooded.
const requestsPerAddress = new TokenBucketLimiter(10, 1 / 60);

/** "Forgot password?": the same answer whether or not an account uses the address. */
export async function requestPasswordResetAction(input: unknown): Promise<ActionResult<{ email: string }>> {
  return runAction("requestPasswordResetAction", requestPasswordResetSchema, input, async (data) => {
    const address = clientAddressOf(await headers());
    const decision = requestsPerAddress.check(address);
    if (!decision.allowed) {
      throw new AppError("conflict", `Too many reset requests from your network. Try again in ${decision.retryAfterSeconds} seconds.`);
    }
    requestsPerAddress.consume(address);
    await requestPasswordReset(data);
    return { email: data.email };
  });
}

"use server";

import { AuthError } from "next-auth";
import { headers } from "next/headers";
import { signInSchema } from "@/lib/schemas/account";
import { fieldErrorsOf } from "@/lib/schemas/common";
import type { ActionResult } from "../action-result";
import { signIn } from "../auth";
import { clientAddressOf } from "../client-address";
import { TokenBucketLimiter } from "../rate-limit";
import { safeRedirectPath } from "../redirects";

// Ten wrong passwords for one email from one address, then one more try every 90 seconds.
const failedSignIns = new TokenBucketLimiter(10, 1 / 90);


export async function signInAction(input: unknown): Promise<ActionResult<null>> {
  // signInSchema is not strict: the optional `next` path rides along and is read separately.
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, error: "Check the highlighted fields.", fieldErrors: fieldErrorsOf(parsed.error) };
  }
  const limitKey = `${parsed.data.email}|${clientAddressOf(await headers())}`;
  const decision = failedSignIns.check(limitKey);
  if (!decision.allowed) {
    const minutes = Math.ceil(decision.retryAfterSeconds / 60);
    return { ok: false, error: `Too many failed attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.` };
  }
  try {
    // On success this throws Next's redirect, which must propagate.
    const next = typeof input === "object" && input !== null && "next" in input ? input.next : undefined;
    await signIn("credentials", { ...parsed.data, redirectTo: safeRedirectPath(next) });
    return { ok: true, data: null };
  } catch (error) {
    if (error instanceof AuthError) {
      failedSignIns.consume(limitKey);
      return { ok: false, error: "The email or password is incorrect." };
    }
    failedSignIns.reset(limitKey);
    throw error;
  }
}

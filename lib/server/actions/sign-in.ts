"use server";

import { AuthError } from "next-auth";
import { signInSchema } from "@/lib/schemas/account";
import { fieldErrorsOf } from "@/lib/schemas/common";
import type { ActionResult } from "../action-result";
import { signIn } from "../auth";
import { safeRedirectPath } from "../redirects";

export async function signInAction(input: { email: string; password: string; next?: string }): Promise<ActionResult<null>> {
  const parsed = signInSchema.safeParse({ email: input.email, password: input.password });
  if (!parsed.success) {
    return { ok: false, error: "Check the highlighted fields.", fieldErrors: fieldErrorsOf(parsed.error) };
  }
  try {
    // On success this throws Next's redirect, which must propagate.
    await signIn("credentials", { ...parsed.data, redirectTo: safeRedirectPath(input.next) });
    return { ok: true, data: null };
  } catch (error) {
    if (error instanceof AuthError) return { ok: false, error: "The email or password is incorrect." };
    throw error;
  }
}

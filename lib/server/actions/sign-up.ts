"use server";

import { AuthError } from "next-auth";
import { signUpSchema } from "@/lib/schemas/account";
import { runAction, type ActionResult } from "../action-result";
import { signIn } from "../auth";
import { createUserWithWorkspace } from "../data/users";
import { safeRedirectPath } from "../redirects";

export async function signUpAction(input: unknown): Promise<ActionResult<null>> {
  const result = await runAction("signUpAction", signUpSchema, input, async (data) => {
    const { workspaceId } = await createUserWithWorkspace(data);
    return { email: data.email, password: data.password, workspaceId };
  });
  if (!result.ok) return result;
  try {
    await signIn("credentials", {
      email: result.data.email,
      password: result.data.password,
      // An invitation link sends new users here with ?next=/invitations/…; otherwise, their workspace.
      redirectTo: safeRedirectPath(nextOf(input), `/${result.data.workspaceId}`),
    });
    return { ok: true, data: null };
  } catch (error) {
    if (error instanceof AuthError) return { ok: false, error: "Your account was created, but signing in failed. Sign in." };
    throw error;
  }
}

function nextOf(input: unknown): unknown {
  return typeof input === "object" && input !== null && "next" in input ? input.next : undefined;
}

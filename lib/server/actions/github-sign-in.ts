"use server";

import { signIn } from "../auth";
import { safeRedirectPath } from "../redirects";

export async function githubSignInAction(form: FormData): Promise<void> {
  await signIn("github", { redirectTo: safeRedirectPath(form.get("next")) });
}

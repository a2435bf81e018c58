"use server";

import { signOut } from "../auth";

/**
 * The header's "Sign out". next-auth clears the cookie and runs its signOut event, which deletes
 * this session's row (lib/server/auth.ts), so a copy of the cookie stops working as well.
 */
export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/login" });
}

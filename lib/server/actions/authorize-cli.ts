"use server";

import { cliAuthorizationSchema } from "@/lib/schemas/cli-authorization";
import { runAction, type ActionResult } from "../action-result";
import { createPersonalToken } from "../data/access-tokens";
import { requireActor } from "../session";

/**
 * `platform auth login`: the signed-in user approved the CLI. Mints a personal access token and
 * returns the loopback callback URL that hands it to the waiting CLI (the anchor's flow). The
 * callback must be http://127.0.0.1 or http://localhost, so a crafted link cannot send a token
 * anywhere else.
 */
export async function authorizeCliAction(input: unknown): Promise<ActionResult<{ callbackUrl: string }>> {
  return runAction("authorizeCliAction", cliAuthorizationSchema, input, async ({ state, redirect }) => {
    const stamp = new Date().toISOString().slice(0, 16).replace("T", " ");
    const { plaintext } = await createPersonalToken(await requireActor(), { name: `Platform CLI (${stamp} UTC)` });
    const callback = new URL(redirect);
    callback.searchParams.set("state", state);
    callback.searchParams.set("token", plaintext);
    return { callbackUrl: callback.toString() };
  });
}

"use server";

import { cliAuthorizationSchema } from "@/lib/schemas/cli-authorization";
import { runAction, type ActionResult } from "../action-result";
import { createCliAuthorization } from "../data/cli-authorizations";
import { requireActor } from "../session";

/**
 * `platform auth login`: the signed-in user approved the CLI. Stores a one-time code bound to the
 * CLI's code challenge and returns the loopback callback URL that hands the code (never a token)
 * to the waiting CLI, which exchanges it with its verifier at POST /api/v1/auth/cli/token. The
 * callback must be http://127.0.0.1 or http://localhost, so a crafted link cannot send a code
 * anywhere else, and the code is useless without the verifier the CLI keeps in memory.
 */
export async function authorizeCliAction(input: unknown): Promise<ActionResult<{ callbackUrl: string }>> {
  return runAction("authorizeCliAction", cliAuthorizationSchema, input, async ({ state, redirect, codeChallenge }) => {
    const { code } = await createCliAuthorization(await requireActor(), { state, codeChallenge });
    const callback = new URL(redirect);
    callback.searchParams.set("code", code);
    callback.searchParams.set("state", state);
    return { callbackUrl: callback.toString() };
  });
}

"use server";

import { listApiKeysSchema } from "@/lib/schemas/api-key";
import { runAction, type ActionResult } from "../action-result";
import { listApiKeys, type ApiKeyPage } from "../data/api-keys";
import { requireActor } from "../session";

/** A read, exposed as an action so that the API Keys tab's query can page and search. */
export async function listApiKeysAction(input: unknown): Promise<ActionResult<ApiKeyPage>> {
  return runAction("listApiKeysAction", listApiKeysSchema, input, async (data) =>
    listApiKeys(await requireActor(), data),
  );
}

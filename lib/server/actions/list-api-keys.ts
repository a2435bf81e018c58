"use server";

import { listApiKeysSchema, type ListApiKeysInput } from "@/lib/schemas/api-key";
import { runAction, type ActionResult } from "../action-result";
import { listApiKeys, type ApiKeyPage } from "../data/api-keys";
import { requireActor } from "../session";

/** A read, exposed as an action so that the API Keys tab's query can page and search. */
export async function listApiKeysAction(input: unknown): Promise<ActionResult<ApiKeyPage>> {
  // listApiKeys parses its raw input itself (the REST API calls it too); runAction's parse only
  // turns bad input into field errors here.
  return runAction("listApiKeysAction", listApiKeysSchema, input, async () =>
    listApiKeys(await requireActor(), input as ListApiKeysInput),
  );
}

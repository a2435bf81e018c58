"use server";

import { testResourceConnectionSchema } from "@/lib/schemas/database-connection";
import { runAction, type ActionResult } from "../action-result";
import { testResourceConnection, type ConnectionTestResult } from "../data/resource-connections";
import { requireActor } from "../session";

/**
 * "Test connection": the stored connection, or a candidate string before it is saved. An
 * unreachable database is `ok: true` with `data.ok: false` and a message naming host and cause.
 */
export async function testResourceConnectionAction(input: unknown): Promise<ActionResult<ConnectionTestResult>> {
  return runAction("testResourceConnectionAction", testResourceConnectionSchema, input, async (data) =>
    testResourceConnection(await requireActor(), data),
  );
}

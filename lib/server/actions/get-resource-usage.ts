"use server";

import { z } from "zod";
import { resourceIdSchema } from "@/lib/schemas/common";
import { usageQueryParamsSchema } from "@/lib/schemas/usage";
import { runAction, type ActionResult } from "../action-result";
import { getResourceUsage, type UsageReport } from "../data/usage";
import { requireActor } from "../session";

const inputSchema = usageQueryParamsSchema.extend({ resourceId: resourceIdSchema });

/** A read, exposed as an action so that the Queries tab can change its range and key filter. */
export async function getResourceUsageAction(input: unknown): Promise<ActionResult<UsageReport>> {
  return runAction("getResourceUsageAction", inputSchema, input, async () => {
    const { resourceId, ...query } = input as z.input<typeof inputSchema>;
    // getResourceUsage parses the range itself (the REST API calls it too).
    return getResourceUsage(await requireActor(), resourceId, query);
  });
}

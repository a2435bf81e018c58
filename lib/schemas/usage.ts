import { z } from "zod";
import { apiKeyIdSchema } from "./common";

// The one schema of a usage query's parameters: the REST routes' query string
// (GET /environments/{id}/usage, GET /api-keys/{id}/usage), the Console's Queries tab and the CLI.

/** The longest range one request may ask for (the default retention). */
export const USAGE_MAX_RANGE_DAYS = 14;
const DAY_MS = 86_400_000;

const instant = z
  .iso.datetime({ offset: true, error: "Give an ISO 8601 date-time with an offset, e.g. 2026-12-01T12:00:00Z." })
  .transform((value) => new Date(value));

/** The parameters as they arrive (a query string's fields); OpenAPI lists them from this object. */
export const usageQueryParamsSchema = z.strictObject({
  from: instant.optional().describe("Start of the range (ISO 8601). Default: 24 hours before `to`."),
  to: instant.optional().describe("End of the range (ISO 8601). Default: now."),
  keyId: apiKeyIdSchema.optional().describe("Only this key's requests (a key of the same resource)."),
});

export const usageQuerySchema = usageQueryParamsSchema
  .transform(({ from, to, keyId }) => {
    const end = to ?? new Date();
    return { from: from ?? new Date(end.getTime() - DAY_MS), to: end, keyId };
  })
  .refine(({ from, to }) => from.getTime() < to.getTime(), { error: "`from` must be before `to`.", path: ["from"] })
  .refine(({ from, to }) => to.getTime() - from.getTime() <= USAGE_MAX_RANGE_DAYS * DAY_MS + 60_000, {
    error: `A range may span at most ${USAGE_MAX_RANGE_DAYS} days.`,
    path: ["from"],
  });

export type UsageQueryInput = z.input<typeof usageQuerySchema>;
export type UsageQuery = z.output<typeof usageQuerySchema>;

/** The Queries tab's ranges and their widths. */
export const USAGE_RANGES = { "1h": 3_600_000, "24h": DAY_MS, "14d": USAGE_MAX_RANGE_DAYS * DAY_MS } as const;
export type UsageRange = keyof typeof USAGE_RANGES;

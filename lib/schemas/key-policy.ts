import { z } from "zod";
import { POLICY_MAX_LIFETIME_DAYS } from "@/lib/keys/expiry";
import { NUDGE_MAX_DAYS } from "@/lib/keys/nudges";
import { workspaceIdSchema } from "./common";

/** A workspace's key policy (Admins, workspace Settings); enforced on every create and roll. */
export const keyPolicyFields = {
  maxLifetimeDays: z.coerce
    .number({ error: "Enter a number of days." })
    .int({ error: "Enter a whole number of days." })
    .min(1, { error: "A key must be allowed to live at least 1 day." })
    .max(POLICY_MAX_LIFETIME_DAYS, { error: `Use at most ${POLICY_MAX_LIFETIME_DAYS} days.` })
    .nullable()
    .describe("The longest lifetime of a new key, in days; null: no maximum."),
  neverExpiresAllowed: z.boolean({ error: "Say whether keys may never expire (true or false)." }),
};

export const updateKeyPolicySchema = z.strictObject({ workspaceId: workspaceIdSchema, ...keyPolicyFields });
export type UpdateKeyPolicyInput = z.infer<typeof updateKeyPolicySchema>;

const nudgeDays = (what: string) =>
  z.coerce
    .number({ error: "Enter a number of days." })
    .int({ error: "Enter a whole number of days." })
    .min(1, { error: "Use at least 1 day." })
    .max(NUDGE_MAX_DAYS, { error: `Use at most ${NUDGE_MAX_DAYS} days.` })
    .nullable()
    .describe(`${what}, in days; null: off.`);

/** The nudges' thresholds (Admins, workspace Settings): when the key list says "Rotate" and "Unused — delete?". */
export const keyNudgeFields = {
  rotateAfterDays: nudgeDays("Flag keys older than this for rotation"),
  unusedAfterDays: nudgeDays("Flag keys not used for this long"),
  neverUsedAfterDays: nudgeDays("Flag keys never used this long after creation"),
};

export const updateKeyNudgesSchema = z.strictObject({ workspaceId: workspaceIdSchema, ...keyNudgeFields });
export type UpdateKeyNudgesInput = z.infer<typeof updateKeyNudgesSchema>;

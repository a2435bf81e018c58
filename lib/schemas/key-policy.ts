import { z } from "zod";
import { POLICY_MAX_LIFETIME_DAYS } from "@/lib/keys/expiry";
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

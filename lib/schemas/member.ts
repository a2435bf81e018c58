import { z } from "zod";
import { ROLES } from "@/lib/permissions";
import { emailSchema } from "./account";
import { idSchema, workspaceIdSchema } from "./common";

export const roleSchema = z.enum(ROLES, { error: "Choose a role." });
export const userIdSchema = idSchema("user");
export const invitationIdSchema = idSchema("invitation");

/** Invitations expire after this many days (as Prisma Console's do). */
export { INVITATION_TTL_DAYS } from "./limits";

/** How an invitation reaches its invitee: a link the Admin copies once, or a mail (SMTP configured). */
export const INVITATION_DELIVERIES = ["LINK", "EMAIL"] as const;
export type InvitationDelivery = (typeof INVITATION_DELIVERIES)[number];

export const inviteMemberSchema = z.strictObject({ workspaceId: workspaceIdSchema, email: emailSchema, role: roleSchema });
export type InviteMemberInput = z.infer<typeof inviteMemberSchema>;

export const changeMemberRoleSchema = z.strictObject({ workspaceId: workspaceIdSchema, userId: userIdSchema, role: roleSchema });
export type ChangeMemberRoleInput = z.infer<typeof changeMemberRoleSchema>;

export const removeMemberSchema = z.strictObject({ workspaceId: workspaceIdSchema, userId: userIdSchema });
export type RemoveMemberInput = z.infer<typeof removeMemberSchema>;

export const leaveWorkspaceSchema = z.strictObject({ workspaceId: workspaceIdSchema });
export type LeaveWorkspaceInput = z.infer<typeof leaveWorkspaceSchema>;

/** An invitation an Admin revokes, or replaces by a new link. */
export const invitationRefSchema = z.strictObject({ invitationId: invitationIdSchema });
export type InvitationRef = z.infer<typeof invitationRefSchema>;

/**
 * A one-time secret from a link (an invitation's `pcinv_…`, an email verification's `pcev_…`). Its
 * format and checksum are checked by lib/keys, which refuses a typo without a database query.
 */
export const oneTimeSecretSchema = z
  .string({ error: "This link is not valid." })
  .min(1, { error: "This link is not valid." })
  .max(128, { error: "This link is not valid." });

export const acceptInvitationSchema = z.strictObject({ secret: oneTimeSecretSchema });
export type AcceptInvitationInput = z.infer<typeof acceptInvitationSchema>;

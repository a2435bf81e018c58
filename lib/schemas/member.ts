import { z } from "zod";
import { ROLES } from "@/lib/permissions";
import { emailSchema } from "./account";
import { idSchema, workspaceIdSchema } from "./common";

export const roleSchema = z.enum(ROLES, { error: "Choose a role." });
export const userIdSchema = idSchema("user");
export const invitationIdSchema = idSchema("invitation");

/** Invitations expire after this many days (as Prisma Console's do). */
export const INVITATION_TTL_DAYS = 7;

export const inviteMemberSchema = z.strictObject({ workspaceId: workspaceIdSchema, email: emailSchema, role: roleSchema });
export type InviteMemberInput = z.infer<typeof inviteMemberSchema>;

export const changeMemberRoleSchema = z.strictObject({ workspaceId: workspaceIdSchema, userId: userIdSchema, role: roleSchema });
export type ChangeMemberRoleInput = z.infer<typeof changeMemberRoleSchema>;

export const removeMemberSchema = z.strictObject({ workspaceId: workspaceIdSchema, userId: userIdSchema });
export type RemoveMemberInput = z.infer<typeof removeMemberSchema>;

export const invitationRefSchema = z.strictObject({ invitationId: invitationIdSchema });
export type InvitationRef = z.infer<typeof invitationRefSchema>;

import { z } from "zod";
import { idSchema, nameSchema, workspaceIdSchema } from "./common";

export const accessTokenIdSchema = idSchema("accessToken");

export const createPersonalTokenSchema = z.strictObject({ name: nameSchema });
export type CreatePersonalTokenInput = z.infer<typeof createPersonalTokenSchema>;

export const createServiceTokenSchema = z.strictObject({ workspaceId: workspaceIdSchema, name: nameSchema });
export type CreateServiceTokenInput = z.infer<typeof createServiceTokenSchema>;

export const deleteAccessTokenSchema = z.strictObject({ tokenId: accessTokenIdSchema });
export type DeleteAccessTokenInput = z.infer<typeof deleteAccessTokenSchema>;

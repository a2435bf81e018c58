import { z } from "zod";
import { nameSchema, workspaceIdSchema } from "./common";

export const createWorkspaceSchema = z.strictObject({ name: nameSchema });
export type CreateWorkspaceInput = z.infer<typeof createWorkspaceSchema>;

export const renameWorkspaceSchema = z.strictObject({ workspaceId: workspaceIdSchema, name: nameSchema });
export type RenameWorkspaceInput = z.infer<typeof renameWorkspaceSchema>;

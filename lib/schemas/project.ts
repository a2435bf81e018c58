import { z } from "zod";
import { nameSchema, projectIdSchema, workspaceIdSchema } from "./common";

export const createProjectSchema = z.strictObject({ workspaceId: workspaceIdSchema, name: nameSchema });
export type CreateProjectInput = z.infer<typeof createProjectSchema>;

export const renameProjectSchema = z.strictObject({ projectId: projectIdSchema, name: nameSchema });
export type RenameProjectInput = z.infer<typeof renameProjectSchema>;

export const deleteProjectSchema = z.strictObject({ projectId: projectIdSchema });
export type DeleteProjectInput = z.infer<typeof deleteProjectSchema>;

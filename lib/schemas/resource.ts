import { z } from "zod";
import { nameSchema, projectIdSchema, resourceIdSchema } from "./common";

export const RESOURCE_KINDS = ["database", "environment"] as const;
export const resourceKindSchema = z.enum(RESOURCE_KINDS, { error: "Choose a database or an environment." });
export type ResourceKind = z.infer<typeof resourceKindSchema>;

export const createResourceSchema = z.strictObject({
  projectId: projectIdSchema,
  kind: resourceKindSchema,
  name: nameSchema,
});
export type CreateResourceInput = z.infer<typeof createResourceSchema>;

export const renameResourceSchema = z.strictObject({ resourceId: resourceIdSchema, name: nameSchema });
export type RenameResourceInput = z.infer<typeof renameResourceSchema>;

export const deleteResourceSchema = z.strictObject({ resourceId: resourceIdSchema });
export type DeleteResourceInput = z.infer<typeof deleteResourceSchema>;

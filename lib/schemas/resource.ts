import { z } from "zod";
import { nameSchema, projectIdSchema, resourceIdSchema } from "./common";
import { connectionStringInputSchema } from "./database-connection";

export const RESOURCE_KINDS = ["database", "environment"] as const;
export const resourceKindSchema = z.enum(RESOURCE_KINDS, { error: "Choose a database or an environment." });
export type ResourceKind = z.infer<typeof resourceKindSchema>;

/** A new resource, optionally with its database connection (null or left out: none). */
export const createResourceSchema = z.strictObject({
  projectId: projectIdSchema,
  kind: resourceKindSchema,
  name: nameSchema,
  connectionString: connectionStringInputSchema.optional(),
});
export type CreateResourceInput = z.infer<typeof createResourceSchema>;

export const renameResourceSchema = z.strictObject({ resourceId: resourceIdSchema, name: nameSchema });
export type RenameResourceInput = z.infer<typeof renameResourceSchema>;

/** What a change to a resource may set: a new name, a new connection string, or null to remove it. */
export const updateResourceFields = {
  name: nameSchema.optional(),
  connectionString: connectionStringInputSchema.optional(),
};

/** A change must change something (refinements cannot be omitted from, so each object adds this). */
export const changesSomething = [
  (input: { name?: unknown; connectionString?: unknown }) => input.name !== undefined || input.connectionString !== undefined,
  { error: "Send a name, a connectionString (null removes the connection), or both." },
] as const;

/** A change to a resource (REST's PATCH, the CLI's `environment update`): at least one field. */
export const updateResourceSchema = z.strictObject({ resourceId: resourceIdSchema, ...updateResourceFields }).refine(...changesSomething);
export type UpdateResourceInput = z.infer<typeof updateResourceSchema>;

export const deleteResourceSchema = z.strictObject({ resourceId: resourceIdSchema });
export type DeleteResourceInput = z.infer<typeof deleteResourceSchema>;

import { createApiKeyAction } from "@/lib/server/actions/create-api-key";
import { createProjectAction } from "@/lib/server/actions/create-project";
import { createResourceAction } from "@/lib/server/actions/create-resource";
import { createWorkspaceAction } from "@/lib/server/actions/create-workspace";
import { renameProjectAction } from "@/lib/server/actions/rename-project";
import { renameResourceAction } from "@/lib/server/actions/rename-resource";
import { renameWorkspaceAction } from "@/lib/server/actions/rename-workspace";
import type { Tenant } from "./factories";

// Every action that takes a name, with a valid input for a tenant's objects, so that tests can vary
// one field at a time.
export type NamedAction = {
  label: string;
  run: (input: unknown) => Promise<{ ok: boolean; error?: string; fieldErrors?: Record<string, string[] | undefined> }>;
  input: (tenant: Tenant, name: unknown) => Record<string, unknown>;
};

export const NAMED_ACTIONS: NamedAction[] = [
  { label: "createWorkspaceAction", run: createWorkspaceAction, input: (_, name) => ({ name }) },
  { label: "renameWorkspaceAction", run: renameWorkspaceAction, input: (t, name) => ({ workspaceId: t.workspaceId, name }) },
  { label: "createProjectAction", run: createProjectAction, input: (t, name) => ({ workspaceId: t.workspaceId, name }) },
  { label: "renameProjectAction", run: renameProjectAction, input: (t, name) => ({ projectId: t.projectId, name }) },
  {
    label: "createResourceAction",
    run: createResourceAction,
    input: (t, name) => ({ projectId: t.projectId, kind: "environment", name }),
  },
  { label: "renameResourceAction", run: renameResourceAction, input: (t, name) => ({ resourceId: t.resourceId, name }) },
  { label: "createApiKeyAction", run: createApiKeyAction, input: (t, name) => ({ resourceId: t.resourceId, name }) },
];

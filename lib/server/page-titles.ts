import "server-only";
import { cache } from "react";
import { can } from "@/lib/permissions";
import { getProject } from "./data/projects";
import { getResource } from "./data/resources";
import { getWorkspace } from "./data/workspaces";
import { pageActor } from "./session";

// Tab titles that name the page ("storefront-db · API Keys · Platform Console"): generateMetadata
// loads the object the page shows. Cached per request, so the page and its metadata read it once;
// an object the user cannot see is "Page not found", exactly like the page itself.

const NOT_FOUND = "Page not found";

async function nameOf(load: () => Promise<{ name: string }>): Promise<string | null> {
  try {
    return (await load()).name;
  } catch {
    return null;
  }
}

export const workspaceName = cache(async (workspaceId: string) => nameOf(async () => getWorkspace(await pageActor(), workspaceId)));
/** For Admin-only pages (the audit log): anyone else gets "Page not found", as the page itself answers. */
export const adminWorkspaceName = cache(async (workspaceId: string) =>
  nameOf(async () => {
    const workspace = await getWorkspace(await pageActor(), workspaceId);
    if (!can(workspace.role, "workspace:admin")) throw new Error("Not an Admin of this workspace.");
    return workspace;
  }),
);
export const projectName = cache(async (projectId: string) => nameOf(async () => getProject(await pageActor(), projectId)));
export const resourceName = cache(async (resourceId: string) => nameOf(async () => getResource(await pageActor(), resourceId)));

/** `parts` joined as a title, or "Page not found" when the named object is missing. */
export function pageTitle(name: string | null, ...rest: string[]): string {
  return name === null ? NOT_FOUND : [name, ...rest].join(" · ");
}

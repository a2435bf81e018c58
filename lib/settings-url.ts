// Where a resource's Settings tab is, and the flag the create dialog adds when it saved a
// connection string, so that the card there can say that the password is stored encrypted and
// won't be shown again. A plain module: server pages and client components both read it (a value
// exported from a "use client" file would reach a server component only as a client reference).

export const CONNECTION_SAVED_PARAMETER = "connection";

export function resourceSettingsUrl(resource: { workspaceId: string; projectId: string; id: string }, connectionSaved = false): string {
  const path = `/${resource.workspaceId}/${resource.projectId}/${resource.id}/settings`;
  return connectionSaved ? `${path}?${CONNECTION_SAVED_PARAMETER}=saved` : path;
}

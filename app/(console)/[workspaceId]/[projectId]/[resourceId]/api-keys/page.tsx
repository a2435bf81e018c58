import type { Metadata } from "next";
import { headers } from "next/headers";
import { parseApiKeyOrder } from "@/lib/keys/api-key-order";
import { can } from "@/lib/permissions";
import { listApiKeys } from "@/lib/server/data/api-keys";
import { getKeyPolicy } from "@/lib/server/data/key-policy";
import { getResource } from "@/lib/server/data/resources";
import { getWorkspace } from "@/lib/server/data/workspaces";
import { loadOrNotFound } from "@/lib/server/page-data";
import { pageTitle, resourceName } from "@/lib/server/page-titles";
import { pageActor } from "@/lib/server/session";
import { ApiKeysPanel } from "./_components/api-keys-panel";

export async function generateMetadata({ params }: { params: Promise<{ resourceId: string }> }): Promise<Metadata> {
  return { title: pageTitle(await resourceName((await params).resourceId), "API Keys") };
}

/** Where the services that verify keys listen, for the copyable connection-string snippet. */
async function gatewayHost(): Promise<string> {
  if (process.env.PLATFORM_GATEWAY_HOST) return process.env.PLATFORM_GATEWAY_HOST;
  const host = (await headers()).get("host") ?? "localhost";
  const hostname = host.startsWith("[") ? host.slice(0, host.indexOf("]") + 1) : host.split(":")[0];
  return `${hostname}:${process.env.GATEWAY_PORT ?? 4466}`;
}

export default async function ApiKeysPage({
  params,
  searchParams,
}: {
  params: Promise<{ workspaceId: string; resourceId: string }>;
  searchParams: Promise<{ sort?: string | string[]; order?: string | string[] }>;
}) {
  const { workspaceId, resourceId } = await params;
  // ?sort=name&order=asc: a sorted list survives a reload and can be linked to.
  const order = parseApiKeyOrder(await searchParams);
  const actor = await pageActor();
  const [workspace, resource] = await Promise.all([
    loadOrNotFound(getWorkspace(actor, workspaceId)),
    loadOrNotFound(getResource(actor, resourceId)),
  ]);
  const [firstPage, policy] = await Promise.all([listApiKeys(actor, { resourceId, ...order }), getKeyPolicy(actor, resource.workspaceId)]);
  return (
    <ApiKeysPanel
      resource={{ id: resource.id, name: resource.name, kind: resource.kind }}
      canWrite={can(workspace.role, "key:write")}
      initialPage={firstPage}
      initialOrder={order}
      gatewayHost={await gatewayHost()}
      policy={policy}
    />
  );
}

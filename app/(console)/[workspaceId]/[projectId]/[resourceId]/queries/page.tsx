import type { Metadata } from "next";
import { getResource } from "@/lib/server/data/resources";
import { getResourceUsage } from "@/lib/server/data/usage";
import { loadOrNotFound } from "@/lib/server/page-data";
import { pageTitle, resourceName } from "@/lib/server/page-titles";
import { pageActor } from "@/lib/server/session";
import { QueryInsights } from "./_components/query-insights";

export async function generateMetadata({ params }: { params: Promise<{ resourceId: string }> }): Promise<Metadata> {
  return { title: pageTitle(await resourceName((await params).resourceId), "Queries") };
}

/** Query Insights: what the gateway recorded for this resource (the last 24 hours first). */
export default async function QueriesPage({ params }: { params: Promise<{ resourceId: string }> }) {
  const { resourceId } = await params;
  const actor = await pageActor();
  const resource = await loadOrNotFound(getResource(actor, resourceId));
  const initial = await loadOrNotFound(getResourceUsage(actor, resource.id, {}));
  return <QueryInsights resource={{ id: resource.id, name: resource.name }} initial={initial} />;
}

import type { Metadata } from "next";
import { AccessTokenPanel } from "@/components/access-tokens/access-token-panel";
import { Breadcrumbs } from "@/components/breadcrumbs";
import { PageHeader } from "@/components/page-header";
import { listPersonalTokens } from "@/lib/server/data/access-tokens";
import { pageActor } from "@/lib/server/session";

export const metadata: Metadata = { title: "Access tokens" };

export default async function AccessTokensPage() {
  const tokens = await listPersonalTokens(await pageActor());
  return (
    <>
      <Breadcrumbs items={[{ label: "Workspaces", href: "/?all=1" }, { label: "Access tokens" }]} />
      <PageHeader
        eyebrow="Your account"
        title="Access tokens"
        description={
          <>
            For the REST API (<code className="font-mono text-xs">/api/v1</code>) and the <code className="font-mono text-xs">platform</code>{" "}
            CLI. A token acts as you, with your role in each workspace. <code className="font-mono text-xs">npx platform auth login</code>{" "}
            creates one for you.
          </>
        }
      />
      <AccessTokenPanel tokens={tokens} title="Your access tokens" description="Delete a token to revoke it at once." />
    </>
  );
}

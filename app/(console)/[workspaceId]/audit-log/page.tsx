import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Breadcrumbs } from "@/components/breadcrumbs";
import { EmptyState, PageHeader } from "@/components/page-header";
import { can } from "@/lib/permissions";
import { auditLogFilterSchema, AUDIT_FILTER_KEYS } from "@/lib/schemas/audit-log";
import { fieldErrorsOf } from "@/lib/schemas/common";
import { listAuditLog, type AuditLogPage } from "@/lib/server/data/audit-log-read";
import { getWorkspace } from "@/lib/server/data/workspaces";
import { loadOrNotFound } from "@/lib/server/page-data";
import { adminWorkspaceName, pageTitle } from "@/lib/server/page-titles";
import { pageActor } from "@/lib/server/session";
import { AuditFilters } from "./_components/audit-filters";
import { AuditTable } from "./_components/audit-table";

/** Entries per page on the Console (the REST default is 100). */
const PAGE_SIZE = "50";

type SearchParams = Record<string, string | string[] | undefined>;

export async function generateMetadata({ params }: { params: Promise<{ workspaceId: string }> }): Promise<Metadata> {
  return { title: pageTitle(await adminWorkspaceName((await params).workspaceId), "Audit log") };
}

/** The query string as the filter schema's input: its keys only, first values, empty fields left out. */
function filterInput(search: SearchParams): Record<string, string> {
  const input: Record<string, string> = {};
  for (const key of AUDIT_FILTER_KEYS) {
    const raw = search[key];
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value !== undefined && value.trim() !== "") input[key] = value.trim();
  }
  return input;
}

export default async function AuditLogPage({
  params,
  searchParams,
}: {
  params: Promise<{ workspaceId: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const { workspaceId } = await params;
  const actor = await pageActor();
  const workspace = await loadOrNotFound(getWorkspace(actor, workspaceId));
  // Admins only; anyone else sees the page a missing workspace shows, and no hint of what is here.
  if (!can(workspace.role, "workspace:admin")) notFound();
  const input = filterInput(await searchParams);
  const parsed = auditLogFilterSchema.safeParse({ limit: PAGE_SIZE, ...input });
  const errors = parsed.success ? {} : fieldErrorsOf(parsed.error);
  const page: AuditLogPage = parsed.success
    ? await listAuditLog(actor, workspaceId, { limit: PAGE_SIZE, ...input })
    : { items: [], hasMore: false, nextCursor: null };
  const { cursor: _cursor, ...filters } = input;
  const filtered = Object.keys(filters).some((key) => key !== "limit");
  const olderHref = page.nextCursor ? `?${new URLSearchParams({ ...filters, cursor: page.nextCursor })}` : null;
  const newestHref = input.cursor ? `?${new URLSearchParams(filters)}` : null;
  return (
    <>
      <Breadcrumbs
        items={[
          { label: "Workspaces", href: "/?all=1" },
          { label: workspace.name, href: `/${workspaceId}` },
          { label: "Audit log" },
        ]}
      />
      <PageHeader
        eyebrow="Audit log"
        title={workspace.name}
        description="Who did what, to which object, when, from where and through which path. Entries cannot be changed or deleted."
      />
      <AuditFilters values={filters} errors={errors} />
      {page.items.length === 0 ? (
        <EmptyState title={filtered || !parsed.success ? "No entries match these filters" : "No entries yet"}>
          {filtered || !parsed.success
            ? "Change or clear the filters to see more."
            : "Changes to keys, tokens, members, projects, resources and the key policy will show up here."}
        </EmptyState>
      ) : (
        <AuditTable entries={page.items} />
      )}
      {(olderHref || newestHref) && (
        <nav aria-label="Audit log pages" className="mt-4 flex justify-between gap-3 text-sm font-medium">
          {newestHref ? (
            <a href={newestHref} className="rounded text-indigo-600 hover:text-indigo-500">
              ← Newest entries
            </a>
          ) : (
            <span />
          )}
          {olderHref && (
            <a href={olderHref} className="rounded text-indigo-600 hover:text-indigo-500" rel="next">
              Older entries →
            </a>
          )}
        </nav>
      )}
    </>
  );
}

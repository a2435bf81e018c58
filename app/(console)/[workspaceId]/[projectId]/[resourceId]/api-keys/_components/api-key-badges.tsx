"use client";

import { cn } from "@/components/ui/cn";
import { formatDateTime, formatExpiry, formatRelative } from "@/lib/format";
import { describeNudge } from "@/lib/keys/nudges";
import type { ApiKeyDto } from "@/lib/server/data/api-keys";

// The small pieces of a key's row: when it was last used, when it expires, its permission, and its
// nudges ("Rotate", "Unused — delete?"), which open the Roll and Delete dialogs for those who may.

export function LastUsed({ at }: { at: string | null }) {
  if (!at) {
    return (
      <>
        Never<span className="sm:hidden"> used</span>
      </>
    );
  }
  return (
    <time dateTime={at} title={formatDateTime(at)}>
      {formatRelative(at)}
    </time>
  );
}

/** "Expires in 12 days" (amber within 7 days), "Expired" (red), or "Never" — with the instant on hover. */
export function Expiry({ at }: { at: string | null }) {
  if (!at) return <span className="text-zinc-500">Never</span>;
  const left = new Date(at).getTime() - Date.now();
  const tone = left <= 0 ? "bg-red-50 text-red-700 ring-red-200" : left < 7 * 86_400_000 ? "bg-amber-50 text-amber-800 ring-amber-200" : "bg-zinc-50 text-zinc-700 ring-zinc-200";
  return (
    <time dateTime={at} title={formatDateTime(at)} data-testid="api-key-expiry" className={cn("inline-flex rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset", tone)}>
      {formatExpiry(at)}
    </time>
  );
}

const BADGE = "ml-2 inline-flex items-center rounded-full px-2 py-0.5 align-middle text-xs font-medium whitespace-nowrap ring-1 ring-inset";

export function PermissionBadge() {
  return (
    <span data-testid="api-key-permission" className={cn(BADGE, "bg-sky-50 text-sky-800 ring-sky-200")}>
      Read-only
    </span>
  );
}

/**
 * The key's nudges. For members who may change keys they are buttons: "Rotate" opens Roll, "Unused —
 * delete?" opens Delete. For the others, the same words without the action. The reason is in the title.
 */
export function NudgeBadges({
  apiKey,
  canWrite,
  onRoll,
  onDelete,
}: {
  apiKey: ApiKeyDto;
  canWrite: boolean;
  onRoll: (key: ApiKeyDto) => void;
  onDelete: (key: ApiKeyDto) => void;
}) {
  const now = Date.now();
  return apiKey.nudges.map((nudge) => {
    const text = nudge === "rotate" ? "Rotate" : "Unused — delete?";
    const title = describeNudge(nudge, apiKey, now);
    const tone = nudge === "rotate" ? "bg-amber-50 text-amber-800 ring-amber-300" : "bg-zinc-100 text-zinc-700 ring-zinc-300";
    const content = (
      <>
        {text}
        {/* The row's name, for a screen reader listing the buttons (never "Roll …" / "Delete …": those are the row's actions). */}
        <span className="sr-only"> ({apiKey.name})</span>
      </>
    );
    return canWrite ? (
      <button
        key={nudge}
        type="button"
        data-testid={`api-key-nudge-${nudge}`}
        title={title}
        onClick={() => (nudge === "rotate" ? onRoll(apiKey) : onDelete(apiKey))}
        className={cn(BADGE, tone, "cursor-pointer hover:ring-2 focus:ring-2 focus:ring-indigo-600 focus:outline-none")}
      >
        {content}
      </button>
    ) : (
      <span key={nudge} data-testid={`api-key-nudge-${nudge}`} title={title} className={cn(BADGE, tone)}>
        {content}
      </span>
    );
  });
}

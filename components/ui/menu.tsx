"use client";

import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import Link from "next/link";
import { cn } from "./cn";

// A dropdown menu on Radix's primitive (keyboard, typeahead, focus return to the trigger). Not modal:
// a menu item may open a dialog, and a modal menu closing while a modal dialog opens can leave
// `pointer-events: none` on <body> (a known Radix interplay); a non-modal menu never sets it.

export const Menu = ({ children }: { children: React.ReactNode }) => <DropdownMenu.Root modal={false}>{children}</DropdownMenu.Root>;
export const MenuTrigger = DropdownMenu.Trigger;

export function MenuContent({ children, align = "start", label }: { children: React.ReactNode; align?: "start" | "end"; label?: string }) {
  return (
    // Not portalled: rendered beside its trigger, the menu stays inside the trigger's landmark (the
    // switcher's <nav>, the page's <main>), where screen readers and axe's "region" rule expect it.
    // Radix positions it (fixed) above the page either way.
    <DropdownMenu.Content
      align={align}
      sideOffset={6}
      collisionPadding={8}
      aria-label={label}
      className="z-50 max-h-[min(24rem,var(--radix-dropdown-menu-content-available-height))] min-w-48 max-w-[min(22rem,calc(100vw-1rem))] overflow-y-auto rounded-lg bg-white p-1 shadow-lg ring-1 ring-zinc-900/10"
    >
      {label && <DropdownMenu.Label className="px-2.5 py-1.5 text-xs font-medium text-zinc-600">{label}</DropdownMenu.Label>}
      {children}
    </DropdownMenu.Content>
  );
}

const ITEM = "flex w-full cursor-default items-center gap-2 rounded-md px-2.5 py-2 text-left text-sm outline-none select-none data-[highlighted]:bg-zinc-100";

/** An item that runs `onSelect` (opening a dialog, say). `danger` items say so in red, and go last. */
export function MenuItem({ children, onSelect, danger = false }: { children: React.ReactNode; onSelect: () => void; danger?: boolean }) {
  return (
    <DropdownMenu.Item onSelect={onSelect} className={cn(ITEM, danger ? "text-red-700 data-[highlighted]:bg-red-50" : "text-zinc-800")}>
      {children}
    </DropdownMenu.Item>
  );
}

/** An item that navigates; `current` marks the page the user is on. */
export function MenuLink({ href, children, current = false }: { href: string; children: React.ReactNode; current?: boolean }) {
  return (
    <DropdownMenu.Item asChild className={cn(ITEM, "text-zinc-800")}>
      <Link href={href} aria-current={current ? "page" : undefined}>
        <span className="min-w-0 flex-1 [overflow-wrap:anywhere]">{children}</span>
        {current && (
          <svg viewBox="0 0 16 16" className="size-4 shrink-0 text-indigo-600" aria-hidden="true">
            <path d="M3.5 8.5 6.5 11.5 12.5 4.5" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
        )}
      </Link>
    </DropdownMenu.Item>
  );
}

export const MenuSeparator = () => <DropdownMenu.Separator className="my-1 h-px bg-zinc-200" />;

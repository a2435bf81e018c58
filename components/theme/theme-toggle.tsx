"use client";

import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { useEffect, useState } from "react";
import { parseTheme, THEME_COOKIE, THEME_STORAGE_KEY, THEMES, type Theme } from "@/lib/theme";

// The theme menu in the header: System (follows the device), Light or Dark. The choice is written
// to a cookie (so the server renders the next page in it: no flash of the other theme) and to
// localStorage (the browser's own copy: if the cookie was cleared, the first page load restores it).

const LABELS: Record<Theme, string> = { system: "System", light: "Light", dark: "Dark" };

function apply(theme: Theme) {
  document.documentElement.dataset.theme = theme;
  // A year; Lax: sent on top-level navigations, like the session cookie.
  document.cookie = `${THEME_COOKIE}=${theme}; Path=/; Max-Age=31536000; SameSite=Lax`;
  try {
    localStorage.setItem(THEME_STORAGE_KEY, theme);
  } catch {
    // Storage refused (private mode, quota): the cookie still carries the choice.
  }
}

function Icon({ theme }: { theme: Theme }) {
  if (theme === "dark")
    return <path d="M13.5 9.5A5.5 5.5 0 0 1 6.5 2.5a5.5 5.5 0 1 0 7 7Z" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round" />;
  if (theme === "light")
    return (
      <g fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round">
        <circle cx="8" cy="8" r="3" />
        <path d="M8 1.5v1.5M8 13v1.5M1.5 8H3M13 8h1.5M3.4 3.4l1 1M11.6 11.6l1 1M3.4 12.6l1-1M11.6 4.4l1-1" />
      </g>
    );
  return (
    <g fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round">
      <rect x="2" y="3" width="12" height="8.5" rx="1.5" />
      <path d="M6 14h4" strokeLinecap="round" />
    </g>
  );
}

export function ThemeToggle({ initial }: { initial: Theme }) {
  const [theme, setTheme] = useState<Theme>(initial);
  useEffect(() => {
    // The cookie is gone but the browser remembers a choice: bring it back.
    let stored: string | null = null;
    try {
      stored = localStorage.getItem(THEME_STORAGE_KEY);
    } catch {}
    const remembered = parseTheme(stored);
    if (stored && remembered !== initial && !document.cookie.includes(`${THEME_COOKIE}=`)) {
      apply(remembered);
      setTheme(remembered);
    }
  }, [initial]);

  return (
    <DropdownMenu.Root modal={false}>
      <DropdownMenu.Trigger
        aria-label={`Theme: ${LABELS[theme]}`}
        className="inline-flex size-9 items-center justify-center rounded-md text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 data-[state=open]:bg-zinc-100"
      >
        <svg viewBox="0 0 16 16" className="size-4" aria-hidden="true">
          <Icon theme={theme} />
        </svg>
      </DropdownMenu.Trigger>
      <DropdownMenu.Content
        align="end"
        sideOffset={6}
        aria-label="Theme"
        className="z-50 min-w-36 rounded-lg bg-white p-1 shadow-lg ring-1 ring-zinc-900/10"
      >
        <DropdownMenu.RadioGroup
          value={theme}
          onValueChange={(value) => {
            const next = parseTheme(value);
            apply(next);
            setTheme(next);
          }}
        >
          {THEMES.map((option) => (
            <DropdownMenu.RadioItem
              key={option}
              value={option}
              className="flex cursor-default items-center gap-2 rounded-md px-2.5 py-2 text-sm text-zinc-800 outline-none select-none data-[highlighted]:bg-zinc-100"
            >
              <svg viewBox="0 0 16 16" className="size-4 text-zinc-600" aria-hidden="true">
                <Icon theme={option} />
              </svg>
              <span className="flex-1">{LABELS[option]}</span>
              <DropdownMenu.ItemIndicator className="text-indigo-600" aria-hidden="true">
                ✓
              </DropdownMenu.ItemIndicator>
            </DropdownMenu.RadioItem>
          ))}
        </DropdownMenu.RadioGroup>
      </DropdownMenu.Content>
    </DropdownMenu.Root>
  );
}

"use client";

import { useCallback, useEffect, useRef, useState } from "react";

/**
 * The id of a row just created, for a few seconds: the list marks it (highlightClasses, NewBadge) so the
 * eye finds it, then lets the mark fade. Under prefers-reduced-motion the mark comes and goes at once.
 */
export function useHighlight(ms = 4000): [string | null, (id: string) => void] {
  const [id, setId] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const highlight = useCallback(
    (next: string) => {
      clearTimeout(timer.current);
      setId(next);
      timer.current = setTimeout(() => setId(null), ms);
    },
    [ms],
  );
  return [id, highlight];
}

// The mark is an indigo bar on the row's leading edge, not a tinted background: a tint would take the
// row's grey and red text (hints, dates, Delete) below 4.5:1. A table row paints no shadow of its own,
// so from `sm` up the bar is on the first cell; on a phone the row is a grid card and carries it.
// Whole class names, written out, so that Tailwind finds them in this file.
export function highlightClasses(highlighted: boolean): { row: string; firstCell: string } {
  const fade = "motion-safe:transition-shadow motion-safe:duration-1000";
  return {
    row: highlighted ? `max-sm:shadow-[inset_4px_0_0_0_var(--color-indigo-500)] ${fade}` : fade,
    firstCell: highlighted ? `sm:shadow-[inset_4px_0_0_0_var(--color-indigo-500)] ${fade}` : fade,
  };
}

"use client";

import { useCallback, useEffect, useRef, useState } from "react";

/**
 * The id of a row just created, for a few seconds: the list marks it (highlightRowClass) so the eye
 * finds it, then lets it fade. Under prefers-reduced-motion the mark appears and goes without a fade.
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

/** The row's classes: an indigo tint while highlighted; the fade back is skipped under reduced motion. */
export function highlightRowClass(highlighted: boolean): string {
  return highlighted ? "bg-indigo-50" : "motion-safe:transition-colors motion-safe:duration-1000";
}

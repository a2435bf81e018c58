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

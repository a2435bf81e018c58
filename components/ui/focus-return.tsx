"use client";

import { useEffect, useRef } from "react";

// Where focus goes when a dialog closes. Radix returns it to a Dialog.Trigger, but our dialogs are
// opened from plain buttons (their open state lives with the caller), so without this focus fell to
// <body> after Cancel, Escape, Done or Delete, and a keyboard user started again from the top.
// The element that had focus when the dialog opened gets it back; if that element is gone (the
// row of a deleted key), the page's heading does, so focus stays where the user was working.

// The last elements that had focus, newest last. The opener is the newest of them outside the
// dialog when it mounts (its content may already have focused an input with autoFocus by then).
const recentlyFocused: HTMLElement[] = [];
if (typeof document !== "undefined") {
  document.addEventListener(
    "focusin",
    (event) => {
      if (!(event.target instanceof HTMLElement)) return;
      recentlyFocused.push(event.target);
      if (recentlyFocused.length > 16) recentlyFocused.shift();
    },
    true,
  );
}

function openerOutside(content: Element | null): HTMLElement | null {
  for (let i = recentlyFocused.length - 1; i >= 0; i--) {
    const element = recentlyFocused[i]!;
    if (element !== document.body && element.isConnected && !content?.contains(element)) return menuTriggerOf(element) ?? element;
  }
  return null;
}

/**
 * A dialog opened from a menu item: the item is about to go with its menu, so the menu's trigger
 * (Radix labels the menu with it) is where focus should come back to.
 */
function menuTriggerOf(element: HTMLElement): HTMLElement | null {
  const labelledBy = element.closest('[role="menu"]')?.getAttribute("aria-labelledby");
  return labelledBy ? document.getElementById(labelledBy) : null;
}

function fallbackTarget(): HTMLElement | null {
  const heading = document.querySelector<HTMLElement>("main h1");
  if (heading && !heading.hasAttribute("tabindex")) heading.setAttribute("tabindex", "-1");
  return heading ?? document.querySelector<HTMLElement>("main");
}

/**
 * The opener of a dialog, and the onCloseAutoFocus handler for its Radix Content that gives focus
 * back to it. Render `capture` inside the Content.
 */
export function useFocusReturn(onCloseAutoFocus?: (event: Event) => void) {
  const opener = useRef<HTMLElement | null>(null);
  return {
    capture: <OpenerCapture onOpen={(element) => (opener.current = element)} />,
    onCloseAutoFocus(event: Event) {
      onCloseAutoFocus?.(event);
      if (event.defaultPrevented) return;
      event.preventDefault();
      const target = opener.current;
      // After Radix has released its focus trap. By then the opener may be gone (a deleted key's
      // row; a guard's button in a dialog that closed with it, which returns focus itself): only a
      // focus left on <body> falls back to the heading.
      requestAnimationFrame(() => {
        if (target?.isConnected) target.focus();
        else if (document.activeElement === document.body || !document.activeElement) fallbackTarget()?.focus();
      });
    },
  };
}

function OpenerCapture({ onOpen }: { onOpen: (element: HTMLElement | null) => void }) {
  const marker = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    // Once, after the dialog mounted and any autoFocus inside it ran.
    onOpen(openerOutside(marker.current?.closest('[role="dialog"],[role="alertdialog"]') ?? null));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return <span ref={marker} hidden />;
}

// The colour theme preference, shared by the server (app/layout.tsx reads the cookie and renders
// <html data-theme>, so the first paint is right without an inline script) and the toggle (which
// writes the cookie and mirrors the choice in localStorage). app/theme.css defines the themes.

export const THEMES = ["system", "light", "dark"] as const;
export type Theme = (typeof THEMES)[number];
export const THEME_COOKIE = "theme";
export const THEME_STORAGE_KEY = "platform-console-theme";

/** A stored value as a theme; anything else (missing, tampered) is "system". */
export function parseTheme(value: string | null | undefined): Theme {
  return (THEMES as readonly string[]).includes(value ?? "") ? (value as Theme) : "system";
}

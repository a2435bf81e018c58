import type { Metadata, Viewport } from "next";
import { cookies } from "next/headers";
import { parseTheme, THEME_COOKIE } from "@/lib/theme";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Platform Console", template: "%s · Platform Console" },
  description: "Create, copy and revoke API keys for your databases and environments.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

// The theme comes from a cookie, read here, so the server renders the right one (app/theme.css):
// no script has to fix it up before the first paint, and the CSP needs no exception for one.
export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const theme = parseTheme((await cookies()).get(THEME_COOKIE)?.value);
  return (
    <html lang="en" data-theme={theme}>
      <body className="min-h-dvh font-sans">{children}</body>
    </html>
  );
}

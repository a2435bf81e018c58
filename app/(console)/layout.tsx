import Link from "next/link";
import { Logo } from "@/components/logo";
import { QueryProvider } from "@/components/query-provider";
import { Toaster } from "@/components/toaster";
import { requireUserOrRedirect } from "@/lib/server/session";
import { parseTheme, THEME_COOKIE } from "@/lib/theme";
import { cookies } from "next/headers";
import { UserMenu } from "./_components/user-menu";
import { VerifyEmailBanner } from "./_components/verify-email-banner";

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUserOrRedirect();
  const theme = parseTheme((await cookies()).get(THEME_COOKIE)?.value);
  return (
    <QueryProvider>
      <div className="flex min-h-dvh flex-col">
        <header className="sticky top-0 z-30 border-b border-zinc-200 bg-white/90 backdrop-blur">
          <div className="mx-auto flex h-14 max-w-6xl items-center justify-between gap-4 px-4 sm:px-6">
            <Link href="/?all=1" className="flex items-center gap-2 rounded-md font-semibold tracking-tight">
              <Logo className="size-7" />
              {/* The name stays for screen readers on phones, where only the logo shows. */}
              <span className="sr-only sm:not-sr-only">Platform Console</span>
            </Link>
            <UserMenu name={user.name} email={user.email} />
          </div>
        </header>
        <VerifyEmailBanner userId={user.id} />
        <main className="mx-auto w-full max-w-6xl flex-1 px-4 py-6 sm:px-6 sm:py-8">{children}</main>
      </div>
      <Toaster theme={theme} />
    </QueryProvider>
  );
}

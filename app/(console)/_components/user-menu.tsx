import Link from "next/link";
import { cookies } from "next/headers";
import { ThemeToggle } from "@/components/theme/theme-toggle";
import { signOutAction } from "@/lib/server/actions/sign-out";
import { parseTheme, THEME_COOKIE } from "@/lib/theme";

export async function UserMenu({ name, email }: { name: string; email: string }) {
  const theme = parseTheme((await cookies()).get(THEME_COOKIE)?.value);
  const initials = name
    .split(/\s+/)
    .map((part) => part[0])
    .join("")
    .slice(0, 2)
    .toUpperCase();
  return (
    <div className="flex items-center gap-1 sm:gap-3">
      <div className="hidden text-right sm:block">
        <p className="text-sm font-medium leading-tight text-zinc-900">{name}</p>
        <p className="text-xs leading-tight text-zinc-500">{email}</p>
      </div>
      <span
        aria-hidden="true"
        className="hidden size-8 items-center justify-center rounded-full bg-indigo-100 text-xs font-semibold text-indigo-700 sm:flex"
      >
        {initials}
      </span>
      <ThemeToggle initial={theme} />
      <Link
        href="/account"
        className="rounded-md px-2 py-1.5 text-sm font-medium whitespace-nowrap text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 sm:px-2.5"
      >
        Account
      </Link>
      <Link
        href="/account/tokens"
        className="rounded-md px-2 py-1.5 text-sm font-medium whitespace-nowrap text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 sm:px-2.5"
      >
        Access tokens
      </Link>
      <form action={signOutAction}>
        <button
          type="submit"
          className="rounded-md px-2 py-1.5 text-sm font-medium whitespace-nowrap text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 sm:px-2.5"
        >
          Sign out
        </button>
      </form>
    </div>
  );
}

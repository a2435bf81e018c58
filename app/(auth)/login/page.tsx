import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { safeRedirectPath } from "@/lib/server/redirects";
import { currentUser } from "@/lib/server/session";
import { LoginForm } from "./_components/login-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  if (await currentUser()) redirect(safeRedirectPath(next));
  return (
    <>
      <h1 className="text-xl font-semibold tracking-tight">Sign in</h1>
      <p className="mt-1 text-sm text-zinc-600">Manage your workspaces, projects and API keys.</p>
      <LoginForm next={safeRedirectPath(next)} />
      <p className="mt-6 text-center text-sm text-zinc-600">
        New here?{" "}
        <Link href={next && safeRedirectPath(next) !== "/" ? `/signup?next=${encodeURIComponent(safeRedirectPath(next))}` : "/signup"} className="font-medium text-indigo-600 hover:text-indigo-500">
          Create an account
        </Link>
      </p>
    </>
  );
}

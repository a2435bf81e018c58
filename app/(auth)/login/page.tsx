import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { mailEnabled } from "@/lib/server/mail";
import { INVALID_CREDENTIALS_MESSAGE, SIGN_IN_UNAVAILABLE_MESSAGE } from "@/lib/server/credentials";
import { safeRedirectPath } from "@/lib/server/redirects";
import { currentUser } from "@/lib/server/session";
import { LoginForm } from "./_components/login-form";

export const metadata: Metadata = { title: "Sign in" };

type SearchParams = { next?: string; error?: string; code?: string };

/**
 * next-auth's own sign-in route (POST /api/auth/callback/credentials) sends a refused sign-in here
 * with ?error=CredentialsSignin&code=…; the code picks one of our fixed messages (it is never shown
 * as it is: the URL is the client's to write).
 */
function refusalMessage({ error, code }: SearchParams): string | null {
  if (error !== "CredentialsSignin") return null;
  if (code === "too-many-attempts") return "Too many failed attempts. Try again in a few minutes.";
  if (code === "service-unavailable") return SIGN_IN_UNAVAILABLE_MESSAGE;
  return INVALID_CREDENTIALS_MESSAGE;
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  const next = safeRedirectPath(params.next);
  if (await currentUser()) redirect(next);
  return (
    <>
      <h1 className="text-xl font-semibold tracking-tight">Sign in</h1>
      <p className="mt-1 text-sm text-zinc-600">Manage your workspaces, projects and API keys.</p>
      <LoginForm next={next} initialError={refusalMessage(params)} />
      {mailEnabled() && (
        <p className="mt-3 text-right text-sm">
          <Link href="/forgot-password" className="font-medium text-indigo-600 hover:text-indigo-500">
            Forgot password?
          </Link>
        </p>
      )}
      <p className="mt-6 text-center text-sm text-zinc-600">
        New here?{" "}
        <Link href={next !== "/" ? `/signup?next=${encodeURIComponent(next)}` : "/signup"} className="font-medium text-indigo-600 hover:text-indigo-500">
          Create an account
        </Link>
      </p>
    </>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { mailEnabled } from "@/lib/server/mail";
import { safeRedirectPath } from "@/lib/server/redirects";
import { currentUser } from "@/lib/server/session";
import { SignUpForm } from "./_components/sign-up-form";

export const metadata: Metadata = { title: "Create an account" };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const next = safeRedirectPath((await searchParams).next, "");
  if (await currentUser()) redirect(next || "/");
  return (
    <>
      <h1 className="text-xl font-semibold tracking-tight">Create an account</h1>
      <p className="mt-1 text-sm text-zinc-600">
        You get a workspace of your own to start with.{mailEnabled() && " We email you a link to verify your address."}
      </p>
      <SignUpForm next={next || undefined} />
      <p className="mt-6 text-center text-sm text-zinc-600">
        Already have an account?{" "}
        <Link href={next ? `/login?next=${encodeURIComponent(next)}` : "/login"} className="font-medium text-indigo-600 hover:text-indigo-500">
          Sign in
        </Link>
      </p>
    </>
  );
}

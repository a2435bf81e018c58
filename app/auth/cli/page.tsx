import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Logo } from "@/components/logo";
import { cliAuthorizationSchema } from "@/lib/schemas/cli-authorization";
import { currentUser } from "@/lib/server/session";
import { AuthorizeCliForm } from "./_components/authorize-cli-form";

export const metadata: Metadata = { title: "Authorize the Platform CLI" };

/** Where `platform auth login` sends the browser: approve, and the CLI receives a one-time code. */
export default async function AuthorizeCliPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const params = await searchParams;
  // Query names as OAuth spells them (code_challenge, code_challenge_method).
  const request = cliAuthorizationSchema.safeParse({
    state: params.state,
    redirect: params.redirect,
    codeChallenge: params.code_challenge,
    codeChallengeMethod: params.code_challenge_method,
  });
  const user = await currentUser();
  if (request.success && !user) {
    const { state, redirect: callback, codeChallenge, codeChallengeMethod } = request.data;
    const here = `/auth/cli?${new URLSearchParams({ state, redirect: callback, code_challenge: codeChallenge, code_challenge_method: codeChallengeMethod })}`;
    redirect(`/login?next=${encodeURIComponent(here)}`);
  }
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center px-4 py-12">
      <Logo className="mb-8 size-8" />
      <div className="w-full max-w-md rounded-xl bg-white p-6 shadow-sm ring-1 ring-zinc-900/10 sm:p-8">
        <h1 className="text-xl font-semibold tracking-tight">Authorize the Platform CLI</h1>
        {request.success && user ? (
          <>
            <p className="mt-2 text-sm text-zinc-600">
              The <code className="font-mono text-xs">platform</code> command on this computer asks for an access token that
              acts as <strong>{user.email}</strong>. Only approve if you just ran{" "}
              <code className="font-mono text-xs">platform auth login</code>.
            </p>
            <AuthorizeCliForm request={request.data} />
          </>
        ) : (
          <p role="alert" className="mt-2 text-sm text-red-700">
            This login link is not valid. Run <code className="font-mono text-xs">npx platform auth login</code> again and
            open the address it prints.
          </p>
        )}
      </div>
    </main>
  );
}

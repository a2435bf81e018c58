import type { Metadata } from "next";
import Link from "next/link";
import { LinkPageCard, LinkPageMessage } from "@/components/link-page-card";
import { previewPasswordReset } from "@/lib/server/data/password-resets";
import { ResetPasswordForm } from "./_components/reset-password-form";

// The page behind the "Forgot password?" mail. Opening it changes nothing (mail scanners open
// links); submitting the new password does, once. No session is needed: the secret reached the address.
export const metadata: Metadata = { title: "Choose a new password", referrer: "no-referrer" };

export default async function ResetPasswordPage({ params }: { params: Promise<{ secret: string }> }) {
  const { secret } = await params;
  const view = await previewPasswordReset(secret);
  return (
    <LinkPageCard footer={false}>
      {view.status === "pending" ? (
        <>
          <LinkPageMessage title="Choose a new password">
            <p>
              For <strong className="break-all">{view.email}</strong>. You will be signed out everywhere.
            </p>
          </LinkPageMessage>
          <ResetPasswordForm secret={secret} />
        </>
      ) : (
        <LinkPageMessage
          title={
            view.status === "used"
              ? "This link has already been used"
              : view.status === "expired"
                ? "This link has expired"
                : "This reset link is not valid"
          }
        >
          <p>Each reset link works once, for an hour. Ask for a new one from the sign-in page.</p>
          <Link href="/forgot-password" className="mt-4 inline-block font-medium text-indigo-600 hover:text-indigo-500">
            Ask for a new link
          </Link>
        </LinkPageMessage>
      )}
    </LinkPageCard>
  );
}

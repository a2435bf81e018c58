import type { Metadata } from "next";
import { LinkPageCard, LinkPageMessage } from "@/components/link-page-card";
import { previewEmailVerification } from "@/lib/server/data/email-verifications";
import { VerifyEmailButton } from "./_components/verify-email-button";

// The page behind the link mailed at sign-up. Opening it verifies nothing (mail scanners open
// links); the button does, once. No session is needed: the secret reached the address.
export const metadata: Metadata = { title: "Verify your email address", referrer: "no-referrer" };

export default async function VerifyEmailPage({ params }: { params: Promise<{ secret: string }> }) {
  const { secret } = await params;
  const view = await previewEmailVerification({ secret });
  return (
    <LinkPageCard>
      {view.status === "pending" ? (
        <>
          <LinkPageMessage title="Verify your email address">
            <p>
              Confirm that <strong>{view.email}</strong> is yours.
            </p>
          </LinkPageMessage>
          <VerifyEmailButton secret={secret} />
        </>
      ) : view.status === "used" ? (
        <LinkPageMessage title="This link has already been used">
          <p>Each verification link works once. If your address is not verified yet, sign in and ask for a new link.</p>
        </LinkPageMessage>
      ) : view.status === "expired" ? (
        <LinkPageMessage title="This link has expired">
          <p>Verification links work for 24 hours. Sign in and ask for a new one.</p>
        </LinkPageMessage>
      ) : (
        <LinkPageMessage title="This verification link is not valid">
          <p>Check that you opened the whole link from the mail, or sign in and ask for a new one.</p>
        </LinkPageMessage>
      )}
    </LinkPageCard>
  );
}

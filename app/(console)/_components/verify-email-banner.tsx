import { emailVerificationStatus } from "@/lib/server/data/email-verifications";
import { ResendVerificationButton } from "./resend-verification-button";

/**
 * With SMTP configured, until the user used a mailed verification link: "unverified — resend".
 * Accounts made before mail was configured never got a link, and are offered their first.
 */
export async function VerifyEmailBanner({ userId }: { userId: string }) {
  const status = await emailVerificationStatus({ type: "user", userId });
  if (!status || status.verified) return null;
  return (
    <div className="border-b border-amber-200 bg-amber-50" data-testid="verify-email-banner">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-3 gap-y-1 px-4 py-2.5 text-sm text-amber-900 sm:px-6">
        <p>
          <strong className="font-medium">{status.email} is unverified.</strong>{" "}
          {status.linkSent ? "Open the link we emailed you to verify it." : "Verify it with a link we email you."}
        </p>
        <ResendVerificationButton label={status.linkSent ? "Resend email" : "Send verification email"} />
      </div>
    </div>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { mailEnabled } from "@/lib/server/mail";
import { ForgotPasswordForm } from "./_components/forgot-password-form";

export const metadata: Metadata = { title: "Reset your password" };

export default function ForgotPasswordPage() {
  return (
    <>
      <h1 className="text-xl font-semibold tracking-tight">Reset your password</h1>
      {mailEnabled() ? (
        <>
          <p className="mt-1 text-sm text-zinc-600">We email you a link to choose a new password. It works once, for an hour.</p>
          <ForgotPasswordForm />
        </>
      ) : (
        <p className="mt-2 text-sm text-zinc-600">
          This Console does not send mail, so a password cannot be reset by email. Ask the person who runs it.
        </p>
      )}
      <p className="mt-6 text-center text-sm text-zinc-600">
        Remembered it?{" "}
        <Link href="/login" className="font-medium text-indigo-600 hover:text-indigo-500">
          Sign in
        </Link>
      </p>
    </>
  );
}

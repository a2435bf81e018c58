import { z } from "zod";
import { oneTimeSecretSchema } from "./member";

/** Email verification links work for this many hours, once. */
export const EMAIL_VERIFICATION_TTL_HOURS = 24;

export const verifyEmailSchema = z.strictObject({ secret: oneTimeSecretSchema });
export type VerifyEmailInput = z.infer<typeof verifyEmailSchema>;

/** "Resend" takes no input: it always mails the signed-in user's own address. */
export const resendVerificationSchema = z.strictObject({});

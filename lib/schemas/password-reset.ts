import { z } from "zod";
import { emailSchema, signUpSchema } from "./account";
import { oneTimeSecretSchema } from "./member";

/** A password-reset link works for this long, once. */
export const PASSWORD_RESET_TTL_MINUTES = 60;

/** "Forgot password?": the address to mail a link to. */
export const requestPasswordResetSchema = z.strictObject({ email: emailSchema });
export type RequestPasswordResetInput = z.infer<typeof requestPasswordResetSchema>;

/** The link's secret and the new password, under exactly sign-up's rules. */
export const resetPasswordSchema = z.strictObject({ secret: oneTimeSecretSchema, password: signUpSchema.shape.password });
export type ResetPasswordInput = z.infer<typeof resetPasswordSchema>;

import { z } from "zod";
import { nameSchema } from "./common";
import { PASSWORD_MIN_LENGTH } from "./limits";

export const emailSchema = z
  .string({ error: "Enter your email address." })
  .trim()
  .toLowerCase()
  .max(254, { error: "That email address is too long." })
  .pipe(z.email({ error: "Enter a valid email address." }));

export const signInSchema = z.object({
  email: emailSchema,
  password: z.string({ error: "Enter your password." }).min(1, { error: "Enter your password." }).max(256),
});
export type SignInInput = z.infer<typeof signInSchema>;

export { PASSWORD_MIN_LENGTH };

export const signUpSchema = z.object({
  // A person's name follows the same rules as every other name (no control or bidi characters).
  name: nameSchema,
  email: emailSchema,
  password: z
    .string({ error: "Choose a password." })
    .min(PASSWORD_MIN_LENGTH, { error: `Use at least ${PASSWORD_MIN_LENGTH} characters.` })
    .max(256, { error: "Use at most 256 characters." }),
});
export type SignUpInput = z.infer<typeof signUpSchema>;

// A password change: the current password (checked, and throttled, like a sign-in) and a new one
// under exactly sign-up's rules.
export const changePasswordSchema = z.object({
  currentPassword: z
    .string({ error: "Enter your current password." })
    .min(1, { error: "Enter your current password." })
    .max(256, { error: "The current password is incorrect." }),
  newPassword: signUpSchema.shape.password,
});
export type ChangePasswordInput = z.infer<typeof changePasswordSchema>;

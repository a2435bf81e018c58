import { CredentialsSignin } from "next-auth";

// What the Credentials provider throws when it refuses without having checked the password.
// next-auth passes a CredentialsSignin to the server action as it is (so the action reads its
// fields), and on its own HTTP route redirects to /login?error=CredentialsSignin&code=<code>;
// a code is public, so it names the kind of refusal and nothing else.

/** The throttle refused the attempt (lib/server/sign-in-throttle.ts). */
export class TooManySignInAttempts extends CredentialsSignin {
  override code = "too-many-attempts";
  constructor(readonly retryAfterSeconds: number) {
    super();
  }
}

/** The database could not be reached: the attempt was neither checked nor counted. */
export class SignInUnavailable extends CredentialsSignin {
  override code = "service-unavailable";
}

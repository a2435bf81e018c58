// next-auth does not load under vitest (it imports "next/server" without an extension), so its
// error classes are stood in for, with the fields the app reads (`type`, `code`). The real module
// runs in the e2e specs, which drive next-auth's own routes.

export class AuthError extends Error {
  type = "AuthError";
}

export class CredentialsSignin extends AuthError {
  override type = "CredentialsSignin";
  code = "credentials";
}

/** What next-auth throws when authorize throws anything but an AuthError. */
export class CallbackRouteError extends AuthError {
  override type = "CallbackRouteError";
}

export default function NextAuth() {
  return {};
}

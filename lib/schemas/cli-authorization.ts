import { z } from "zod";

// `platform auth login`, in the shape of OAuth's authorization code flow with PKCE (RFC 7636,
// S256): the CLI opens /auth/cli with a state, its loopback callback and a code challenge; the
// Console redirects the browser to the callback with a one-time code (never a token); the CLI
// exchanges the code, the state and its verifier for a personal access token over a POST. These
// schemas are shared by the page, the approval action, the token endpoint and the CLI.

/** Only a loopback callback on an explicit port, path /callback, no credentials or fragment. */
export const loopbackCallbackSchema = z
  .string()
  .max(100)
  .refine(
    (value) => {
      try {
        const url = new URL(value);
        return (
          url.protocol === "http:" &&
          (url.hostname === "127.0.0.1" || url.hostname === "localhost") &&
          url.port !== "" &&
          url.pathname === "/callback" &&
          url.search === "" &&
          url.hash === "" &&
          url.username === "" &&
          url.password === ""
        );
      } catch {
        return false;
      }
    },
    { error: "The CLI's callback address must be http://127.0.0.1:<port>/callback." },
  );

const MALFORMED = "The login request is malformed.";

export const cliStateSchema = z.string().regex(/^[A-Za-z0-9_-]{16,128}$/, { error: MALFORMED });

/** base64url(SHA-256(verifier)) without padding: 43 characters. */
export const codeChallengeSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, { error: MALFORMED });

/** RFC 7636's verifier alphabet and length (the CLI sends 32 random bytes, 43 characters). */
export const codeVerifierSchema = z.string().regex(/^[A-Za-z0-9._~-]{43,128}$/, { error: MALFORMED });

/** The one-time code the Console puts in the callback URL: 32 random bytes, base64url. */
export const cliCodeSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, { error: MALFORMED });

export const CODE_CHALLENGE_METHOD = "S256";

/** What /auth/cli receives (as query parameters) and the approval action is called with. */
export const cliAuthorizationSchema = z.strictObject({
  state: cliStateSchema,
  redirect: loopbackCallbackSchema,
  codeChallenge: codeChallengeSchema,
  codeChallengeMethod: z.literal(CODE_CHALLENGE_METHOD, { error: "Only the S256 code challenge method is supported." }),
});
export type CliAuthorization = z.infer<typeof cliAuthorizationSchema>;

/** Body of POST /api/v1/auth/cli/token, sent by the CLI once the browser reached its callback. */
export const cliTokenExchangeSchema = z.strictObject({
  code: cliCodeSchema,
  state: cliStateSchema,
  codeVerifier: codeVerifierSchema,
});
export type CliTokenExchange = z.infer<typeof cliTokenExchangeSchema>;

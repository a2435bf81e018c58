import { ApiError } from "@/lib/server/api/errors";
import { routeHandlers } from "@/lib/server/api/methods";
import { clientAddress, ok, publicApiRoute } from "@/lib/server/api/route";
import { exchangeCliCode } from "@/lib/server/data/cli-authorizations";
import { TokenBucketLimiter } from "@/lib/server/rate-limit";
import { apiOrigin } from "@/lib/server/request-origin";
import { rateLimitAddressKey } from "@/lib/net/address-key";
import { cliTokenExchangeSchema } from "@/lib/schemas/cli-authorization";

// Twenty failed exchanges from one address (IPv6: per /64), then one more every three seconds. A
// code has 256 random bits and dies after one attempt, so this bounds noise, not guessing odds.
// As for tokens and keys, a valid exchange is never refused (someone else behind the same NAT
// may have failed): the code is checked first, and only a failure from an address whose budget
// is spent answers 429 instead of 401.
const failedExchanges = new TokenBucketLimiter(20, 1 / 3);

const refused = () =>
  new ApiError(
    "authentication-failed",
    "The login code is not valid: it is unknown, expired or already used, or the state or the code verifier does not match.",
    "Run `npx platform auth login` again: a code works once, within 60 seconds, for the CLI that asked for it.",
  );

/**
 * POST /api/v1/auth/cli/token with {code, state, codeVerifier}: `platform auth login` exchanges
 * the one-time code the Console sent to its loopback callback for a personal access token.
 */
const exchange = publicApiRoute(async ({ request, body }) => {
  const address = rateLimitAddressKey(clientAddress(request));
  const failed = () => {
    const attempt = failedExchanges.take(address);
    if (attempt.allowed) return;
    throw new ApiError("rate-limit-exceeded", "Too many failed login code exchanges from this address.", undefined, {
      "Retry-After": String(attempt.retryAfterSeconds),
    });
  };
  const input = await body(cliTokenExchangeSchema).catch((error: unknown) => {
    failed();
    throw error;
  });
  // A database failure is not the caller's and counts nothing.
  const result = await exchangeCliCode(input, new Date(), apiOrigin(request.headers));
  if (!result) {
    failed();
    throw refused();
  }
  return ok(result);
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers({ POST: exchange });

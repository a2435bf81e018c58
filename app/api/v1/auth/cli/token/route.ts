import { ApiError } from "@/lib/server/api/errors";
import { routeHandlers } from "@/lib/server/api/methods";
import { clientAddress, ok, publicApiRoute } from "@/lib/server/api/route";
import { exchangeCliCode } from "@/lib/server/data/cli-authorizations";
import { TokenBucketLimiter } from "@/lib/server/rate-limit";
import { cliTokenExchangeSchema } from "@/lib/schemas/cli-authorization";

// Twenty failed exchanges from one address, then one more every three seconds. A code has 256
// random bits and dies after one attempt, so this bounds load, not guessing odds. The attempt is
// taken before the database is touched (synchronously, so a concurrent flood gets at most the
// burst) and given back when the exchange succeeds: successes never count.
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
  const address = clientAddress(request);
  const attempt = failedExchanges.take(address);
  if (!attempt.allowed) {
    throw new ApiError("rate-limit-exceeded", "Too many failed login code exchanges from this address.", undefined, {
      "Retry-After": String(attempt.retryAfterSeconds),
    });
  }
  const input = await body(cliTokenExchangeSchema);
  const result = await exchangeCliCode(input).catch((error: unknown) => {
    failedExchanges.refund(address); // the database's failure, not the caller's
    throw error;
  });
  if (!result) throw refused();
  failedExchanges.refund(address);
  return ok(result);
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers({ POST: exchange });

import "server-only";
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { newId } from "@/lib/ids";
import type { CliTokenExchange } from "@/lib/schemas/cli-authorization";
import { requireUserActor, type Actor } from "../authz";
import { db } from "../db";
import type { RequestOrigin } from "../request-origin";
import { createPersonalToken } from "./access-tokens";

// `platform auth login`'s one-time codes (lib/schemas/cli-authorization.ts has the flow). The
// approval stores only digests of the code and the state, next to the CLI's code challenge; the
// exchange claims the row with one conditional UPDATE (so two concurrent exchanges of one code
// cannot both succeed), and only then compares the state and the verifier. A claimed row stays
// used whatever the comparison says: a code is worth one attempt, and without the verifier,
// which never leaves the CLI's process, that attempt fails.

/** How long the browser's redirect and the CLI's exchange may take together. */
export const CLI_CODE_TTL_MS = 60_000;

const sha256Hex = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

/** S256 of RFC 7636: base64url(SHA-256(verifier)), no padding. */
export const codeChallengeOf = (verifier: string) => createHash("sha256").update(verifier, "ascii").digest("base64url");

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a, "utf8");
  const right = Buffer.from(b, "utf8");
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The signed-in user approved the CLI: a one-time code for its callback, valid for CLI_CODE_TTL_MS. */
export async function createCliAuthorization(
  actor: Actor,
  input: { state: string; codeChallenge: string },
  now = new Date(),
): Promise<{ code: string; expiresAt: Date }> {
  const { userId } = requireUserActor(actor);
  const code = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + CLI_CODE_TTL_MS);
  const prisma = await db();
  await prisma.$transaction([
    // The user's spent and expired codes are of no use to anyone; they go as new ones come.
    prisma.cliAuthorization.deleteMany({ where: { userId, OR: [{ expiresAt: { lte: now } }, { usedAt: { not: null } }] } }),
    prisma.cliAuthorization.create({
      data: {
        id: newId("cliAuthorization"),
        userId,
        codeDigest: sha256Hex(code),
        stateDigest: sha256Hex(input.state),
        codeChallenge: input.codeChallenge,
        expiresAt,
      },
      select: { id: true },
    }),
  ]);
  return { code, expiresAt };
}

/**
 * Exchanges a code for a new personal access token of the user who approved it, or returns null
 * (unknown, expired or used code, wrong state, wrong verifier: the caller cannot tell which).
 */
export async function exchangeCliCode(
  input: CliTokenExchange,
  now = new Date(),
  origin?: RequestOrigin,
): Promise<{ token: string; tokenId: string } | null> {
  const prisma = await db();
  // UPDATE … SET usedAt WHERE codeDigest = $1 AND usedAt IS NULL AND expiresAt > $now RETURNING …:
  // under concurrency the second UPDATE re-reads the row after the first commits and matches nothing.
  const [claimed] = await prisma.cliAuthorization.updateManyAndReturn({
    where: { codeDigest: sha256Hex(input.code), usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
    select: { userId: true, stateDigest: true, codeChallenge: true },
  });
  if (!claimed) return null;
  // Both compared in full, whatever the first says, and in constant time.
  const stateMatches = sameText(sha256Hex(input.state), claimed.stateDigest);
  const verifierMatches = sameText(codeChallengeOf(input.codeVerifier), claimed.codeChallenge);
  if (!stateMatches || !verifierMatches) return null;
  const stamp = now.toISOString().slice(0, 16).replace("T", " ");
  const { token, plaintext } = await createPersonalToken(
    { type: "user", userId: claimed.userId, ...(origin ? { origin } : {}) },
    { name: `Platform CLI (${stamp} UTC)` },
  );
  return { token: plaintext, tokenId: token.id };
}

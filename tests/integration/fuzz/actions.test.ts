import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { changeMemberRoleAction } from "@/lib/server/actions/change-member-role";
import { deleteAccessTokenAction } from "@/lib/server/actions/delete-access-token";
import { deleteResourceAction } from "@/lib/server/actions/delete-resource";
import { listApiKeysAction } from "@/lib/server/actions/list-api-keys";
import { removeMemberAction } from "@/lib/server/actions/remove-member";
import { createPersonalToken, createServiceToken } from "@/lib/server/data/access-tokens";
import { emailVerificationSecrets } from "@/lib/keys/one-time-secret";
import { inviteMember } from "@/lib/server/data/invitations";
import { db } from "@/lib/server/db";
import { makeApiKey, makeMember, makeTenant, type Tenant } from "../../support/factories";
import { describeValue, FUZZ_VALUES, rawErrorIn, uncleanName } from "../../support/fuzz-corpus";
import { SPECS, type Result, type Spec, type World } from "../../support/fuzz-action-specs";
import { asUser, signOut } from "../../support/session";

// Every server action that takes input, called with the fuzz corpus in every field (the other
// fields valid), with the whole input replaced by a fuzz value, without a session, and by another
// workspace's Admin with this workspace's ids. See issue 4, "Tests that produce figures".

// Sign-in and sign-up go through next-auth, which needs a request. Its signIn is replaced by one
// that accepts exactly the users that exist (as the Credentials provider would for a right
// password), and next/headers by a fixed client address.
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "x-platform-client-ip": "192.0.2.77" }),
  cookies: async () => ({ get: () => undefined, set: () => undefined, delete: () => undefined }),
}));
// next-auth itself does not load under vitest (it imports "next/server" without an extension), so
// its error classes are stood in for too; the actions only test `instanceof AuthError`.
vi.mock("next-auth", () => {
  class AuthError extends Error {}
  class CredentialsSignin extends AuthError {
    override name = "CredentialsSignin";
  }
  return { AuthError, CredentialsSignin, default: () => ({}) };
});
// argon2 would dominate this file's time (sign-up is fuzzed with a hundred accepted inputs); the
// hash itself is covered by tests/integration/users.
vi.mock("@/lib/server/password", () => ({
  hashPassword: async (password: string) => `test-hash:${password.length}`,
  verifyPassword: async () => false,
}));
vi.mock("@/lib/server/auth", async () => {
  const { CredentialsSignin } = await import("next-auth");
  const { db: database } = await import("@/lib/server/db");
  return {
    auth: async () => null,
    signOut: async () => undefined,
    handlers: {},
    signIn: async (_provider: string, options: { email?: unknown }) => {
      const prisma = await database();
      const user =
        typeof options.email === "string" ? await prisma.user.findUnique({ where: { email: options.email } }) : null;
      if (!user) throw new CredentialsSignin();
    },
  };
});

let world: World;
let attacker: Tenant;
const GENERIC = "Something went wrong on our side. Try again in a moment.";
const figures = { calls: 0, rejected: 0, accepted: 0 };

/** A digest of every row tenant A and the attacker own, in one query. */
async function fingerprint(): Promise<string> {
  const prisma = await db();
  const workspaces = [world.a.workspaceId, attacker.workspaceId].map((id) => `'${id}'`).join(",");
  const users = [world.a.owner.userId, world.member.userId, attacker.owner.userId].map((id) => `'${id}'`).join(",");
  const agg = (table: string, where: string) =>
    `(SELECT coalesce(string_agg(t::text, ',' ORDER BY t.id), '') FROM "${table}" t WHERE ${where})`;
  const rows = await prisma.$queryRawUnsafe<{ fp: string }[]>(
    `SELECT md5(concat_ws('|', ${[
      agg("Workspace", `t.id IN (${workspaces})`),
      agg("User", `t.id IN (${users})`),
      agg("Membership", `t."workspaceId" IN (${workspaces}) OR t."userId" IN (${users})`),
      agg("Project", `t."workspaceId" IN (${workspaces})`),
      agg("Resource", `t."workspaceId" IN (${workspaces})`),
      agg("ApiKey", `t."workspaceId" IN (${workspaces})`),
      agg("Invitation", `t."workspaceId" IN (${workspaces})`),
      agg("EmailVerification", `t."userId" IN (${users})`),
      agg("AccessToken", `t."workspaceId" IN (${workspaces}) OR t."userId" IN (${users})`),
    ].join(", ")})) AS fp`,
  );
  return rows[0]!.fp;
}

/** What is wrong with an action's result, or null: it must be a plain {ok, …} with no raw error. */
function problemWith(result: unknown): string | null {
  if (typeof result !== "object" || result === null || typeof (result as Result).ok !== "boolean") {
    return `returned ${describeValue(result)}`;
  }
  const r = result as Result;
  if (r.ok) return null;
  if (typeof r.error !== "string" || r.error.length === 0) return `error is ${describeValue(r.error)}`;
  if (r.error === GENERIC) return "internal error (the generic message: an exception reached runAction)";
  const raw = rawErrorIn(`${r.error} ${JSON.stringify(r.fieldErrors ?? {})}`);
  if (raw) return `raw error text ${raw}: ${describeValue(r.error)} ${describeValue(r.fieldErrors)}`;
  return null;
}

async function attempt(run: Spec["run"], input: unknown): Promise<{ result?: Result; threw?: string }> {
  try {
    return { result: await run(input) };
  } catch (error) {
    return { threw: error instanceof Error ? `${error.name}: ${error.message.slice(0, 120)}` : String(error) };
  }
}

beforeAll(async () => {
  const a = await makeTenant();
  const member = await makeMember(a, "DEVELOPER");
  const issued = await inviteMember(a.owner.actor, { workspaceId: a.workspaceId, email: `invitee-${randomUUID()}@example.test`, role: "VIEWER" });
  const key = await makeApiKey(a, "tenant A key");
  const service = await createServiceToken(a.owner.actor, { workspaceId: a.workspaceId, name: "tenant A ci" });
  const personal = await createPersonalToken(a.owner.actor, { name: "tenant A laptop" });
  world = {
    a,
    member,
    invitationId: issued.invitation.id,
    invitationSecret: issued.secret!,
    verificationSecret: emailVerificationSecrets.generate().plaintext,
    apiKeyId: key.apiKey.id,
    serviceTokenId: service.token.id,
    personalTokenId: personal.token.id,
  };
  attacker = await makeTenant();
});

afterAll(() => {
  console.log(
    `[fuzz actions] ${figures.calls} fuzz calls over ${SPECS.length} actions: ${figures.rejected} refused, ${figures.accepted} accepted`,
  );
});

describe.each(SPECS)("$label with fuzz input", (spec) => {
  it("never throws, never shows a raw error, stores only clean names, and a refusal changes nothing", async () => {
    const problems: string[] = [];
    const cases: [string, unknown][] = [];
    for (const [field, values] of Object.entries(spec.fields)) {
      for (const [label, value] of values) {
        cases.push([`${field}=${label}`, { ...spec.base(world), ...spec.fresh?.(), [field]: value }]);
      }
    }
    // The whole input replaced, and extra keys beside a valid input.
    for (const [label, value] of FUZZ_VALUES) cases.push([`input=${label}`, value]);
    cases.push(["extra __proto__ key", { ...spec.base(world), ...spec.fresh?.(), ...JSON.parse('{"__proto__":{"ok":true}}') }]);
    cases.push(["extra constructor key", { ...spec.base(world), ...spec.fresh?.(), constructor: "x" }]);

    // Rows are compared around every call that gets past the schema. Calls the schema refuses are
    // compared in runs: each run of them ends at a comparison before the next call that may pass,
    // so a change made by a refused call is always caught, and no accepted call hides it.
    let before = await fingerprint();
    let unchecked: string[] = [];
    const checkpoint = async () => {
      const now = await fingerprint();
      if (now !== before) problems.push(`refused, but tenant rows changed: one of ${unchecked.join(", ")}`);
      unchecked = [];
      before = now;
    };
    for (const [label, input] of cases) {
      asUser(world.a.owner.actor);
      if (spec.public) signOut();
      const mayPass = !spec.schema || spec.schema.safeParse(input).success;
      if (mayPass && unchecked.length > 0) await checkpoint();
      const { result, threw } = await attempt(spec.run, input);
      figures.calls++;
      if (threw) {
        problems.push(`${label}: threw ${threw}`);
        unchecked.push(label);
      } else {
        const problem = problemWith(result);
        if (problem) problems.push(`${label}: ${problem}`);
        if (result?.ok) {
          figures.accepted++;
          if (!mayPass) problems.push(`${label}: accepted an input its schema refuses`);
          if (spec.storedNames) {
            for (const name of await spec.storedNames(result, input as Record<string, unknown>)) {
              const why = uncleanName(name) ?? (name.length > 64 ? `longer than 64 characters (${name.length})` : null);
              if (why) problems.push(`${label}: accepted and stored the name ${describeValue(name)}: ${why}`);
            }
          }
        } else {
          figures.rejected++;
          unchecked.push(label);
        }
      }
      if (mayPass) {
        if (result?.ok) {
          before = await fingerprint();
          unchecked = [];
        } else await checkpoint();
      }
    }
    if (unchecked.length > 0) await checkpoint();
    expect(problems).toEqual([]);
  });
});

describe("direct calls that must all be refused", () => {
  const guarded = SPECS.filter((spec) => !spec.public);

  it("without a session: 0 of the actions succeed and nothing changes", async () => {
    const before = await fingerprint();
    let succeeded = 0;
    const problems: string[] = [];
    for (const spec of guarded) {
      signOut();
      const { result, threw } = await attempt(spec.run, spec.base(world));
      if (threw) problems.push(`${spec.label}: threw ${threw}`);
      else if (result?.ok) {
        succeeded++;
        problems.push(`${spec.label}: succeeded without a session`);
      } else if (result?.error !== "Your session has ended. Sign in again.") {
        problems.push(`${spec.label}: answered ${describeValue(result)}`);
      }
    }
    console.log(`[fuzz actions] signed out: ${succeeded} of ${guarded.length} actions succeeded`);
    expect(problems).toEqual([]);
    expect(succeeded).toBe(0);
    expect(await fingerprint()).toBe(before);
  });

  it("by another workspace's Admin with this workspace's ids: 0 succeed and nothing changes", async () => {
    // Only actions whose input names tenant A's objects; the others act on the caller's own data.
    const targeted = guarded.filter((spec) => Object.keys(spec.base(world)).some((field) => /Id$/.test(field)));
    const extra: [string, Spec["run"], Record<string, unknown>][] = [
      ["deleteAccessTokenAction (A's owner's personal token)", deleteAccessTokenAction, { tokenId: world.personalTokenId }],
      ["deleteResourceAction (A's database)", deleteResourceAction, { resourceId: world.a.resourceId }],
      ["removeMemberAction (A's owner)", removeMemberAction, { workspaceId: world.a.workspaceId, userId: world.a.owner.userId }],
      [
        "changeMemberRoleAction (attacker to Admin of A)",
        changeMemberRoleAction,
        { workspaceId: world.a.workspaceId, userId: attacker.owner.userId, role: "ADMIN" },
      ],
      [
        "listApiKeysAction (A's key as cursor)",
        listApiKeysAction,
        { resourceId: attacker.resourceId, cursor: `${Date.now()}.${world.apiKeyId}` },
      ],
    ];
    const calls: [string, Spec["run"], Record<string, unknown>][] = [
      ...targeted.map((spec) => [spec.label, spec.run, spec.base(world)] as [string, Spec["run"], Record<string, unknown>]),
      ...extra,
    ];
    const before = await fingerprint();
    let succeeded = 0;
    const problems: string[] = [];
    for (const [label, run, input] of calls) {
      asUser(attacker.owner.actor);
      const { result, threw } = await attempt(run, input);
      if (threw) problems.push(`${label}: threw ${threw}`);
      else if (result?.ok) {
        // Listing with A's key as a cursor may succeed, but must show only the attacker's keys.
        const items = (result.data as { items?: { id: string }[] } | undefined)?.items;
        if (label.startsWith("listApiKeysAction (A's key") && items?.every((item) => item.id !== world.apiKeyId)) continue;
        succeeded++;
        problems.push(`${label}: succeeded for another workspace's Admin`);
      } else {
        const problem = problemWith(result);
        if (problem) problems.push(`${label}: ${problem}`);
      }
    }
    console.log(`[fuzz actions] cross-workspace: ${succeeded} of ${calls.length} calls with workspace A's ids succeeded`);
    expect(problems).toEqual([]);
    expect(succeeded).toBe(0);
    expect(await fingerprint()).toBe(before);
  });
});

import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { IdKind } from "@/lib/ids";
import { acceptInvitationAction } from "@/lib/server/actions/accept-invitation";
import { authorizeCliAction } from "@/lib/server/actions/authorize-cli";
import { changeMemberRoleAction } from "@/lib/server/actions/change-member-role";
import { createApiKeyAction } from "@/lib/server/actions/create-api-key";
import { createPersonalTokenAction } from "@/lib/server/actions/create-personal-token";
import { createProjectAction } from "@/lib/server/actions/create-project";
import { createResourceAction } from "@/lib/server/actions/create-resource";
import { createServiceTokenAction } from "@/lib/server/actions/create-service-token";
import { createWorkspaceAction } from "@/lib/server/actions/create-workspace";
import { deleteAccessTokenAction } from "@/lib/server/actions/delete-access-token";
import { deleteApiKeyAction } from "@/lib/server/actions/delete-api-key";
import { deleteProjectAction } from "@/lib/server/actions/delete-project";
import { deleteResourceAction } from "@/lib/server/actions/delete-resource";
import { inviteMemberAction } from "@/lib/server/actions/invite-member";
import { listApiKeysAction } from "@/lib/server/actions/list-api-keys";
import { removeMemberAction } from "@/lib/server/actions/remove-member";
import { renameProjectAction } from "@/lib/server/actions/rename-project";
import { renameResourceAction } from "@/lib/server/actions/rename-resource";
import { renameWorkspaceAction } from "@/lib/server/actions/rename-workspace";
import { revokeInvitationAction } from "@/lib/server/actions/revoke-invitation";
import { signInAction } from "@/lib/server/actions/sign-in";
import { signUpAction } from "@/lib/server/actions/sign-up";
import { createPersonalToken, createServiceToken } from "@/lib/server/data/access-tokens";
import { inviteMember } from "@/lib/server/data/invitations";
import { db } from "@/lib/server/db";
import { createPersonalTokenSchema, createServiceTokenSchema, deleteAccessTokenSchema } from "@/lib/schemas/access-token";
import { signInSchema, signUpSchema } from "@/lib/schemas/account";
import { createApiKeySchema, deleteApiKeySchema, listApiKeysSchema } from "@/lib/schemas/api-key";
import { cliAuthorizationSchema } from "@/lib/schemas/cli-authorization";
import { changeMemberRoleSchema, invitationRefSchema, inviteMemberSchema, removeMemberSchema } from "@/lib/schemas/member";
import { createProjectSchema, deleteProjectSchema, renameProjectSchema } from "@/lib/schemas/project";
import { createResourceSchema, deleteResourceSchema, renameResourceSchema } from "@/lib/schemas/resource";
import { createWorkspaceSchema, renameWorkspaceSchema } from "@/lib/schemas/workspace";
import { makeApiKey, makeMember, makeTenant, type Tenant, type TestUser } from "../../support/factories";
import {
  describeValue,
  FUZZ_VALUES,
  fuzzIds,
  rawErrorIn,
  uncleanName,
  type FuzzEntry,
} from "../../support/fuzz-corpus";
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

type Result = { ok: boolean; error?: unknown; fieldErrors?: unknown; data?: unknown };
type World = { a: Tenant; member: TestUser; invitationId: string; apiKeyId: string; serviceTokenId: string; personalTokenId: string };

type Spec = {
  label: string;
  run: (input: any) => Promise<Result>;
  /** A valid input naming tenant A's objects. */
  base: (w: World) => Record<string, unknown>;
  /**
   * The action's input schema: an input it refuses cannot get past runAction's parse, so the rows
   * are compared around such calls in batches (see the loop below) rather than around each one.
   */
  schema?: { safeParse: (input: unknown) => { success: boolean } };
  /** The values to try in each field. */
  fields: Record<string, readonly FuzzEntry[]>;
  /** For sign-in and sign-up only: used without a session by design. */
  public?: boolean;
  /** Where an accepted input's stored name can be read: a name to check. */
  storedNames?: (result: Result, input: Record<string, unknown>) => Promise<string[]>;
  /** Fields varied per call so that accepted calls do not collide (sign-up's email). */
  fresh?: () => Record<string, unknown>;
};

const ids = (kind: IdKind, ...also: IdKind[]) => fuzzIds(kind, ...also);
const RESOURCE_IDS = fuzzIds("database", "environment");
const nameOf = async (result: Result) => [(result.data as { name: string }).name];
const tokenNameOf = async (result: Result) => [(result.data as { token: { name: string } }).token.name];
const keyNameOf = async (result: Result) => [(result.data as { apiKey: { name: string } }).apiKey.name];

const SPECS: Spec[] = [
  { label: "acceptInvitationAction", run: acceptInvitationAction, base: (w) => ({ invitationId: w.invitationId }), fields: { invitationId: ids("invitation") } },
  { label: "revokeInvitationAction", run: revokeInvitationAction, base: (w) => ({ invitationId: w.invitationId }), fields: { invitationId: ids("invitation") } },
  {
    label: "authorizeCliAction",
    run: authorizeCliAction,
    base: () => ({ state: "s".repeat(32), redirect: "http://127.0.0.1:45678/callback" }),
    fields: { state: FUZZ_VALUES, redirect: FUZZ_VALUES },
  },
  {
    label: "changeMemberRoleAction",
    run: changeMemberRoleAction,
    base: (w) => ({ workspaceId: w.a.workspaceId, userId: w.member.userId, role: "VIEWER" }),
    fields: { workspaceId: ids("workspace"), userId: ids("user"), role: FUZZ_VALUES },
  },
  {
    label: "createApiKeyAction",
    run: createApiKeyAction,
    base: (w) => ({ resourceId: w.a.resourceId, name: "fuzz key" }),
    fields: { resourceId: RESOURCE_IDS, name: FUZZ_VALUES },
    storedNames: keyNameOf,
  },
  { label: "createPersonalTokenAction", run: createPersonalTokenAction, base: () => ({ name: "fuzz token" }), fields: { name: FUZZ_VALUES }, storedNames: tokenNameOf },
  {
    label: "createProjectAction",
    run: createProjectAction,
    base: (w) => ({ workspaceId: w.a.workspaceId, name: "fuzz project" }),
    fields: { workspaceId: ids("workspace"), name: FUZZ_VALUES },
    storedNames: nameOf,
  },
  {
    label: "createResourceAction",
    run: createResourceAction,
    base: (w) => ({ projectId: w.a.projectId, kind: "environment", name: "fuzz env" }),
    fields: { projectId: ids("project"), kind: FUZZ_VALUES, name: FUZZ_VALUES },
    storedNames: nameOf,
  },
  {
    label: "createServiceTokenAction",
    run: createServiceTokenAction,
    base: (w) => ({ workspaceId: w.a.workspaceId, name: "fuzz service token" }),
    fields: { workspaceId: ids("workspace"), name: FUZZ_VALUES },
    storedNames: tokenNameOf,
  },
  { label: "createWorkspaceAction", run: createWorkspaceAction, base: () => ({ name: "fuzz workspace" }), fields: { name: FUZZ_VALUES }, storedNames: nameOf },
  { label: "deleteAccessTokenAction", run: deleteAccessTokenAction, base: (w) => ({ tokenId: w.serviceTokenId }), fields: { tokenId: ids("accessToken") } },
  { label: "deleteApiKeyAction", run: deleteApiKeyAction, base: (w) => ({ apiKeyId: w.apiKeyId }), fields: { apiKeyId: ids("apiKey") } },
  { label: "deleteProjectAction", run: deleteProjectAction, base: (w) => ({ projectId: w.a.projectId }), fields: { projectId: ids("project") } },
  { label: "deleteResourceAction", run: deleteResourceAction, base: (w) => ({ resourceId: w.a.resourceId }), fields: { resourceId: RESOURCE_IDS } },
  {
    label: "inviteMemberAction",
    run: inviteMemberAction,
    base: (w) => ({ workspaceId: w.a.workspaceId, email: `fuzz-invitee-${w.a.workspaceId}@example.test`, role: "DEVELOPER" }),
    fields: { workspaceId: ids("workspace"), email: FUZZ_VALUES, role: FUZZ_VALUES },
  },
  {
    label: "listApiKeysAction",
    run: listApiKeysAction,
    base: (w) => ({ resourceId: w.a.resourceId }),
    fields: { resourceId: RESOURCE_IDS, search: FUZZ_VALUES, cursor: [...FUZZ_VALUES, ...ids("apiKey")], limit: FUZZ_VALUES },
  },
  {
    label: "removeMemberAction",
    run: removeMemberAction,
    base: (w) => ({ workspaceId: w.a.workspaceId, userId: w.member.userId }),
    fields: { workspaceId: ids("workspace"), userId: ids("user") },
  },
  {
    label: "renameProjectAction",
    run: renameProjectAction,
    base: (w) => ({ projectId: w.a.projectId, name: "fuzz renamed" }),
    fields: { projectId: ids("project"), name: FUZZ_VALUES },
    storedNames: nameOf,
  },
  {
    label: "renameResourceAction",
    run: renameResourceAction,
    base: (w) => ({ resourceId: w.a.resourceId, name: "fuzz renamed" }),
    fields: { resourceId: RESOURCE_IDS, name: FUZZ_VALUES },
    storedNames: nameOf,
  },
  {
    label: "renameWorkspaceAction",
    run: renameWorkspaceAction,
    base: (w) => ({ workspaceId: w.a.workspaceId, name: "fuzz renamed" }),
    fields: { workspaceId: ids("workspace"), name: FUZZ_VALUES },
    storedNames: nameOf,
  },
  {
    label: "signInAction",
    run: signInAction,
    public: true,
    base: () => ({ email: "nobody@example.test", password: "wrong password" }),
    fields: { email: FUZZ_VALUES, password: FUZZ_VALUES, next: FUZZ_VALUES },
  },
  {
    label: "signUpAction",
    run: signUpAction,
    public: true,
    base: () => ({ name: "Fuzz Person", email: "x@example.test", password: "correct horse battery" }),
    fresh: () => ({ email: `fuzz-${randomUUID()}@example.test` }),
    fields: { name: FUZZ_VALUES, email: FUZZ_VALUES, password: FUZZ_VALUES, next: FUZZ_VALUES },
    // What sign-up stores: the user's name, and their workspace's, derived from it.
    storedNames: async (_result, input) => {
      if (typeof input.email !== "string") return [];
      const prisma = await db();
      const user = await prisma.user.findUnique({
        where: { email: input.email.trim().toLowerCase() },
        select: { name: true, memberships: { select: { workspace: { select: { name: true } } } } },
      });
      return user ? [user.name, ...user.memberships.map((m) => m.workspace.name)] : [];
    },
  },
];

const SCHEMAS: Record<string, Spec["schema"]> = {
  acceptInvitationAction: invitationRefSchema,
  revokeInvitationAction: invitationRefSchema,
  authorizeCliAction: cliAuthorizationSchema,
  changeMemberRoleAction: changeMemberRoleSchema,
  createApiKeyAction: createApiKeySchema,
  createPersonalTokenAction: createPersonalTokenSchema,
  createProjectAction: createProjectSchema,
  createResourceAction: createResourceSchema,
  createServiceTokenAction: createServiceTokenSchema,
  createWorkspaceAction: createWorkspaceSchema,
  deleteAccessTokenAction: deleteAccessTokenSchema,
  deleteApiKeyAction: deleteApiKeySchema,
  deleteProjectAction: deleteProjectSchema,
  deleteResourceAction: deleteResourceSchema,
  inviteMemberAction: inviteMemberSchema,
  listApiKeysAction: listApiKeysSchema,
  removeMemberAction: removeMemberSchema,
  renameProjectAction: renameProjectSchema,
  renameResourceAction: renameResourceSchema,
  renameWorkspaceAction: renameWorkspaceSchema,
  signUpAction: signUpSchema,
  // signInAction parses only its email and password (and reads them before parsing).
  signInAction: {
    safeParse: (input: unknown) =>
      typeof input === "object" && input !== null
        ? signInSchema.safeParse({ email: (input as Record<string, unknown>).email, password: (input as Record<string, unknown>).password })
        : { success: true },
  },
};
for (const spec of SPECS) spec.schema = SCHEMAS[spec.label];

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
  const invitation = await inviteMember(a.owner.actor, { workspaceId: a.workspaceId, email: `invitee-${randomUUID()}@example.test`, role: "VIEWER" });
  const key = await makeApiKey(a, "tenant A key");
  const service = await createServiceToken(a.owner.actor, { workspaceId: a.workspaceId, name: "tenant A ci" });
  const personal = await createPersonalToken(a.owner.actor, { name: "tenant A laptop" });
  world = { a, member, invitationId: invitation.id, apiKeyId: key.apiKey.id, serviceTokenId: service.token.id, personalTokenId: personal.token.id };
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

// The fuzzed server actions: each with a valid base input naming tenant A's objects, the values to
// try per field, and the schema that decides which inputs can get past runAction's parse. Used by
// tests/integration/fuzz/actions.test.ts (whose vi.mock calls apply to these imports too).
import { randomUUID } from "node:crypto";
import type { IdKind } from "@/lib/ids";
import { acceptInvitationAction } from "@/lib/server/actions/accept-invitation";
import { authorizeCliAction } from "@/lib/server/actions/authorize-cli";
import { changeMemberRoleAction } from "@/lib/server/actions/change-member-role";
import { changePasswordAction } from "@/lib/server/actions/change-password";
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
import { leaveWorkspaceAction } from "@/lib/server/actions/leave-workspace";
import { listApiKeysAction } from "@/lib/server/actions/list-api-keys";
import { removeMemberAction } from "@/lib/server/actions/remove-member";
import { removeResourceConnectionAction } from "@/lib/server/actions/remove-resource-connection";
import { renameProjectAction } from "@/lib/server/actions/rename-project";
import { renameResourceAction } from "@/lib/server/actions/rename-resource";
import { renameWorkspaceAction } from "@/lib/server/actions/rename-workspace";
import { requestPasswordResetAction } from "@/lib/server/actions/request-password-reset";
import { resetPasswordAction } from "@/lib/server/actions/reset-password";
import { renewInvitationAction } from "@/lib/server/actions/renew-invitation";
import { resendVerificationAction } from "@/lib/server/actions/resend-verification";
import { revokeInvitationAction } from "@/lib/server/actions/revoke-invitation";
import { setResourceConnectionAction } from "@/lib/server/actions/set-resource-connection";
import { signInAction } from "@/lib/server/actions/sign-in";
import { signOutEverywhereAction } from "@/lib/server/actions/sign-out-everywhere";
import { signUpAction } from "@/lib/server/actions/sign-up";
import { testResourceConnectionAction } from "@/lib/server/actions/test-resource-connection";
import { verifyEmailAction } from "@/lib/server/actions/verify-email";
import { db } from "@/lib/server/db";
import { createPersonalTokenSchema, createServiceTokenSchema, deleteAccessTokenSchema } from "@/lib/schemas/access-token";
import { changePasswordSchema, signInSchema, signUpSchema } from "@/lib/schemas/account";
import { createApiKeySchema, deleteApiKeySchema, listApiKeysSchema } from "@/lib/schemas/api-key";
import { cliAuthorizationSchema } from "@/lib/schemas/cli-authorization";
import { resendVerificationSchema, verifyEmailSchema } from "@/lib/schemas/email-verification";
import {
  acceptInvitationSchema,
  changeMemberRoleSchema,
  invitationRefSchema,
  inviteMemberSchema,
  leaveWorkspaceSchema,
  removeMemberSchema,
} from "@/lib/schemas/member";
import { requestPasswordResetSchema, resetPasswordSchema } from "@/lib/schemas/password-reset";
import { createProjectSchema, deleteProjectSchema, renameProjectSchema } from "@/lib/schemas/project";
import { createResourceSchema, deleteResourceSchema, renameResourceSchema } from "@/lib/schemas/resource";
import { createWorkspaceSchema, renameWorkspaceSchema } from "@/lib/schemas/workspace";
import { removeResourceConnectionSchema, setResourceConnectionSchema, testResourceConnectionSchema } from "@/lib/schemas/database-connection";
import { type Tenant, type TestUser } from "./factories";
import { FUZZ_CONNECTION_STRINGS, FUZZ_VALUES, fuzzIds, type FuzzEntry } from "./fuzz-corpus";

export type Result = { ok: boolean; error?: unknown; fieldErrors?: unknown; data?: unknown };
export type World = {
  a: Tenant;
  member: TestUser;
  invitationId: string;
  /** The invitation's one-time secret (a link invitation: no SMTP in the fuzz run). */
  invitationSecret: string;
  /** A well-formed email verification secret that names no verification. */
  verificationSecret: string;
  apiKeyId: string;
  serviceTokenId: string;
  personalTokenId: string;
};

export type Spec = {
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
// A valid connection string whose server refuses at once (port 1 on loopback): an accepted Test
// connection costs a refused TCP connect, never a DNS lookup or a timeout.
export const FUZZ_CONNECTION_STRING = "postgresql://fuzz_user:fuzz-Password-1@127.0.0.1:1/fuzz";
const CONNECTION_STRINGS = FUZZ_CONNECTION_STRINGS;

const nameOf = async (result: Result) => [(result.data as { name: string }).name];
const tokenNameOf = async (result: Result) => [(result.data as { token: { name: string } }).token.name];
const keyNameOf = async (result: Result) => [(result.data as { apiKey: { name: string } }).apiKey.name];

export const SPECS: Spec[] = [
  // Run by A's owner, already a member: a valid secret answers "already in" and is not used up.
  { label: "acceptInvitationAction", run: acceptInvitationAction, base: (w) => ({ secret: w.invitationSecret }), fields: { secret: FUZZ_VALUES } },
  { label: "renewInvitationAction", run: renewInvitationAction, base: (w) => ({ invitationId: w.invitationId }), fields: { invitationId: ids("invitation") } },
  { label: "revokeInvitationAction", run: revokeInvitationAction, base: (w) => ({ invitationId: w.invitationId }), fields: { invitationId: ids("invitation") } },
  // A's owner is its only Admin, so a valid input is refused (the last Admin cannot leave).
  { label: "leaveWorkspaceAction", run: leaveWorkspaceAction, base: (w) => ({ workspaceId: w.a.workspaceId }), fields: { workspaceId: ids("workspace") } },
  // No SMTP in the fuzz run: a valid (empty) input is refused with "does not send mail".
  { label: "resendVerificationAction", run: resendVerificationAction, base: () => ({}), fields: {} },
  {
    label: "verifyEmailAction",
    run: verifyEmailAction,
    // The secret in a mailed link is the whole credential: no session needed.
    public: true,
    base: (w) => ({ secret: w.verificationSecret }),
    fields: { secret: FUZZ_VALUES },
  },
  // No SMTP in the fuzz run: a valid input is refused with "does not send mail".
  { label: "requestPasswordResetAction", run: requestPasswordResetAction, public: true, base: () => ({ email: "someone@example.test" }), fields: { email: FUZZ_VALUES } },
  {
    label: "resetPasswordAction",
    run: resetPasswordAction,
    public: true,
    base: () => ({ secret: "pcpwr_" + "a".repeat(38), password: "a long enough password" }),
    fields: { secret: FUZZ_VALUES, password: FUZZ_VALUES },
  },
  {
    label: "authorizeCliAction",
    run: authorizeCliAction,
    base: () => ({ state: "s".repeat(32), redirect: "http://127.0.0.1:45678/callback", codeChallenge: "c".repeat(43), codeChallengeMethod: "S256" }),
    fields: { state: FUZZ_VALUES, redirect: FUZZ_VALUES, codeChallenge: FUZZ_VALUES, codeChallengeMethod: FUZZ_VALUES },
  },
  {
    label: "changeMemberRoleAction",
    run: changeMemberRoleAction,
    base: (w) => ({ workspaceId: w.a.workspaceId, userId: w.member.userId, role: "VIEWER" }),
    fields: { workspaceId: ids("workspace"), userId: ids("user"), role: FUZZ_VALUES },
  },
  {
    // Tenant A's owner has no password, so no current password is right: every call is refused.
    label: "changePasswordAction",
    run: changePasswordAction,
    base: () => ({ currentPassword: "not the password", newPassword: "a brand new passphrase" }),
    fields: { currentPassword: FUZZ_VALUES, newPassword: FUZZ_VALUES },
  },
  // It takes no input: the fuzz values only show that none of them matters.
  { label: "signOutEverywhereAction", run: () => signOutEverywhereAction(), base: () => ({}), fields: {} },
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
    fields: { projectId: ids("project"), kind: FUZZ_VALUES, name: FUZZ_VALUES, connectionString: CONNECTION_STRINGS },
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
    label: "setResourceConnectionAction",
    run: setResourceConnectionAction,
    base: (w) => ({ resourceId: w.a.resourceId, connectionString: FUZZ_CONNECTION_STRING }),
    fields: { resourceId: RESOURCE_IDS, connectionString: CONNECTION_STRINGS },
  },
  {
    label: "testResourceConnectionAction",
    run: testResourceConnectionAction,
    base: (w) => ({ resourceId: w.a.resourceId, connectionString: FUZZ_CONNECTION_STRING }),
    fields: { resourceId: RESOURCE_IDS, connectionString: CONNECTION_STRINGS },
  },
  {
    label: "removeResourceConnectionAction",
    run: removeResourceConnectionAction,
    base: (w) => ({ resourceId: w.a.resourceId }),
    fields: { resourceId: RESOURCE_IDS },
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
  acceptInvitationAction: acceptInvitationSchema,
  renewInvitationAction: invitationRefSchema,
  revokeInvitationAction: invitationRefSchema,
  leaveWorkspaceAction: leaveWorkspaceSchema,
  resendVerificationAction: resendVerificationSchema,
  verifyEmailAction: verifyEmailSchema,
  requestPasswordResetAction: requestPasswordResetSchema,
  resetPasswordAction: resetPasswordSchema,
  authorizeCliAction: cliAuthorizationSchema,
  changeMemberRoleAction: changeMemberRoleSchema,
  changePasswordAction: changePasswordSchema,
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
  setResourceConnectionAction: setResourceConnectionSchema,
  testResourceConnectionAction: testResourceConnectionSchema,
  removeResourceConnectionAction: removeResourceConnectionSchema,
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

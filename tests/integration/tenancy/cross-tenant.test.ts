import { beforeAll, describe, expect, it } from "vitest";
import type { IdKind } from "@/lib/ids";
import { createApiKeyAction } from "@/lib/server/actions/create-api-key";
import { createProjectAction } from "@/lib/server/actions/create-project";
import { createResourceAction } from "@/lib/server/actions/create-resource";
import { deleteApiKeyAction } from "@/lib/server/actions/delete-api-key";
import { listApiKeysAction } from "@/lib/server/actions/list-api-keys";
import { renameProjectAction } from "@/lib/server/actions/rename-project";
import { renameResourceAction } from "@/lib/server/actions/rename-resource";
import { renameWorkspaceAction } from "@/lib/server/actions/rename-workspace";
import { removeResourceConnectionAction } from "@/lib/server/actions/remove-resource-connection";
import { setResourceConnectionAction } from "@/lib/server/actions/set-resource-connection";
import { testResourceConnectionAction } from "@/lib/server/actions/test-resource-connection";
import {
  getResourceConnection,
  removeResourceConnection,
  setResourceConnection,
  testResourceConnection,
} from "@/lib/server/data/resource-connections";
import { createApiKey, deleteApiKey, listApiKeys } from "@/lib/server/data/api-keys";
import { createProject, getProject, listProjects, renameProject } from "@/lib/server/data/projects";
import { createResource, getResource, listResources, renameResource, updateResource } from "@/lib/server/data/resources";
import { getWorkspace, listMembers, listWorkspaces, renameWorkspace } from "@/lib/server/data/workspaces";
import type { Actor } from "@/lib/server/authz";
import { makeApiKey, makeTenant, missingId, type Tenant } from "../../support/factories";
import { asUser } from "../../support/session";
import { snapshotWorkspace } from "../../support/snapshot";

// A user of workspace B, handed workspace A's ids, must get exactly what a random id of the same
// kind gets: the same error, the same message, and no change to A's data.

let victim: Tenant;
let victimKeyId: string;
let attacker: Tenant;
let before: Awaited<ReturnType<typeof snapshotWorkspace>>;

const VICTIM_CONNECTION = "postgresql://victim:victim-Secret-1@127.0.0.1:1/victim";
const ATTACKER_CONNECTION = "postgresql://attacker:x@127.0.0.1:1/attacker";

const pause = () => new Promise((resolve) => setTimeout(resolve, 5));

beforeAll(async () => {
  // The attacker's own keys straddle the victim's in time, so that a cursor comparison against the
  // victim's key would show in which of the attacker's keys come back.
  attacker = await makeTenant();
  await makeApiKey(attacker, "attacker key, older");
  await pause();
  victim = await makeTenant();
  victimKeyId = (await makeApiKey(victim, "victim key")).apiKey.id;
  await setResourceConnection(victim.owner.actor, { resourceId: victim.resourceId, connectionString: VICTIM_CONNECTION });
  await pause();
  await makeApiKey(attacker, "attacker key, newer");
  before = await snapshotWorkspace(victim.workspaceId);
});

/** The outcome of a call, comparable between calls: a value, or an error's code and message. */
async function outcome(call: () => Promise<unknown>) {
  try {
    return { returned: await call() };
  } catch (error) {
    const { code, message } = error as { code?: string; message?: string };
    return { threw: { code, message } };
  }
}

type Case = { name: string; kind: IdKind; call: (actor: Actor, id: string) => Promise<unknown> };
type Target = { label: string; victimId: () => string; cases: Case[] };

const TARGETS: Target[] = [
  {
    label: "workspace",
    victimId: () => victim.workspaceId,
    cases: [
      { name: "getWorkspace", kind: "workspace", call: (a, id) => getWorkspace(a, id) },
      { name: "listMembers", kind: "workspace", call: (a, id) => listMembers(a, id) },
      { name: "listProjects", kind: "workspace", call: (a, id) => listProjects(a, id) },
      { name: "renameWorkspace", kind: "workspace", call: (a, id) => renameWorkspace(a, { workspaceId: id, name: "pwned" }) },
      { name: "createProject under it", kind: "workspace", call: (a, id) => createProject(a, { workspaceId: id, name: "pwned" }) },
      { name: "renameWorkspaceAction", kind: "workspace", call: (_, id) => renameWorkspaceAction({ workspaceId: id, name: "pwned" }) },
      { name: "createProjectAction", kind: "workspace", call: (_, id) => createProjectAction({ workspaceId: id, name: "pwned" }) },
    ],
  },
  {
    label: "project",
    victimId: () => victim.projectId,
    cases: [
      { name: "getProject", kind: "project", call: (a, id) => getProject(a, id) },
      { name: "listResources", kind: "project", call: (a, id) => listResources(a, id) },
      { name: "renameProject", kind: "project", call: (a, id) => renameProject(a, { projectId: id, name: "pwned" }) },
      {
        name: "createResource under it",
        kind: "project",
        call: (a, id) => createResource(a, { projectId: id, kind: "database", name: "pwned" }),
      },
      { name: "renameProjectAction", kind: "project", call: (_, id) => renameProjectAction({ projectId: id, name: "pwned" }) },
      {
        name: "createResourceAction",
        kind: "project",
        call: (_, id) => createResourceAction({ projectId: id, kind: "environment", name: "pwned" }),
      },
    ],
  },
  {
    label: "resource",
    victimId: () => victim.resourceId,
    cases: [
      { name: "getResource", kind: "database", call: (a, id) => getResource(a, id) },
      { name: "renameResource", kind: "database", call: (a, id) => renameResource(a, { resourceId: id, name: "pwned" }) },
      { name: "listApiKeys", kind: "database", call: (a, id) => listApiKeys(a, { resourceId: id }) },
      { name: "createApiKey under it", kind: "database", call: (a, id) => createApiKey(a, { resourceId: id, name: "pwned" }) },
      { name: "renameResourceAction", kind: "database", call: (_, id) => renameResourceAction({ resourceId: id, name: "pwned" }) },
      { name: "listApiKeysAction", kind: "database", call: (_, id) => listApiKeysAction({ resourceId: id }) },
      { name: "createApiKeyAction", kind: "database", call: (_, id) => createApiKeyAction({ resourceId: id, name: "pwned" }) },
      { name: "updateResource (connection)", kind: "database", call: (a, id) => updateResource(a, { resourceId: id, connectionString: ATTACKER_CONNECTION }) },
      { name: "updateResource (remove connection)", kind: "database", call: (a, id) => updateResource(a, { resourceId: id, connectionString: null }) },
      { name: "getResourceConnection", kind: "database", call: (a, id) => getResourceConnection(a, id) },
      { name: "setResourceConnection", kind: "database", call: (a, id) => setResourceConnection(a, { resourceId: id, connectionString: ATTACKER_CONNECTION }) },
      { name: "removeResourceConnection", kind: "database", call: (a, id) => removeResourceConnection(a, { resourceId: id }) },
      { name: "testResourceConnection (stored)", kind: "database", call: (a, id) => testResourceConnection(a, { resourceId: id }) },
      { name: "testResourceConnection (candidate)", kind: "database", call: (a, id) => testResourceConnection(a, { resourceId: id, connectionString: ATTACKER_CONNECTION }) },
      {
        name: "setResourceConnectionAction",
        kind: "database",
        call: (_, id) => setResourceConnectionAction({ resourceId: id, connectionString: ATTACKER_CONNECTION }),
      },
      { name: "removeResourceConnectionAction", kind: "database", call: (_, id) => removeResourceConnectionAction({ resourceId: id }) },
      { name: "testResourceConnectionAction", kind: "database", call: (_, id) => testResourceConnectionAction({ resourceId: id }) },
    ],
  },
  {
    label: "API key",
    victimId: () => victimKeyId,
    cases: [
      { name: "deleteApiKey", kind: "apiKey", call: (a, id) => deleteApiKey(a, { apiKeyId: id }) },
      { name: "deleteApiKeyAction", kind: "apiKey", call: (_, id) => deleteApiKeyAction({ apiKeyId: id }) },
      {
        name: "listApiKeysAction with it in the cursor",
        kind: "apiKey",
        call: (_, id) => listApiKeysAction({ resourceId: attacker.resourceId, cursor: `${Date.now()}.${id}` }),
      },
    ],
  },
];

describe.each(TARGETS)("another workspace's $label", ({ victimId, cases }) => {
  it.each(cases)("$name answers as for an id that does not exist, and changes nothing", async ({ kind, call }) => {
    asUser(attacker.owner.actor);
    const foreign = await outcome(() => call(attacker.owner.actor, victimId()));
    const missing = await outcome(() => call(attacker.owner.actor, missingId(kind)));

    expect(foreign).toEqual(missing);
    expect(await snapshotWorkspace(victim.workspaceId)).toEqual(before);
  });
});

describe("the attacker's own view", () => {
  it("lists only their own workspace and none of the victim's keys", async () => {
    const workspaces = await listWorkspaces(attacker.owner.actor);
    expect(workspaces.map((workspace) => workspace.id)).toEqual([attacker.workspaceId]);
    const page = await listApiKeys(attacker.owner.actor, { resourceId: attacker.resourceId });
    expect(page.items.map((key) => key.name)).toEqual(["attacker key, newer", "attacker key, older"]);
  });
});

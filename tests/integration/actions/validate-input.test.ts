import { beforeAll, describe, expect, it } from "vitest";
import { deleteApiKeyAction } from "@/lib/server/actions/delete-api-key";
import { db } from "@/lib/server/db";
import { NAMED_ACTIONS } from "../../support/actions";
import { makeTenant, type Tenant } from "../../support/factories";
import { asUser } from "../../support/session";
import { membershipCount, snapshotWorkspace } from "../../support/snapshot";

const BAD_NAMES: [string, unknown][] = [
  ["empty", ""],
  ["whitespace only", "  \t \n "],
  ["65 characters", "a".repeat(65)],
  ["a control character", "bell\u0007name"],
  ["a bidi override", "prod\u202Etset"],
  ["a zero-width space", "zero\u200Bwidth"],
  ["a lone surrogate", "bad\uD800name"],
  ["a number", 42],
  ["null", null],
  ["missing", undefined],
];

let tenant: Tenant;
beforeAll(async () => {
  tenant = await makeTenant();
});

async function everything() {
  return { tenant: await snapshotWorkspace(tenant.workspaceId), memberships: await membershipCount(tenant.owner.userId) };
}

describe.each(NAMED_ACTIONS)("$label", ({ run, input }) => {
  it.each(BAD_NAMES)("refuses a name that is %s and writes nothing", async (_, name) => {
    asUser(tenant.owner.actor);
    const before = await everything();

    const result = await run(input(tenant, name));

    expect(result).toMatchObject({ ok: false, error: "Check the highlighted fields." });
    expect(result.fieldErrors?.name?.[0]).toEqual(expect.any(String));
    expect(await everything()).toEqual(before);
  });

  it("refuses an unknown extra field and writes nothing", async () => {
    asUser(tenant.owner.actor);
    const before = await everything();
    const result = await run({ ...input(tenant, "fine name"), workspaceIdOverride: "wksp_x", role: "ADMIN" });
    expect(result).toMatchObject({ ok: false, error: "Check the highlighted fields." });
    expect(await everything()).toEqual(before);
  });

  it.each([["a string", "name"], ["an array", ["name"]], ["null", null]])(
    "refuses an input that is %s",
    async (_, bad) => {
      asUser(tenant.owner.actor);
      const before = await everything();
      expect(await run(bad)).toMatchObject({ ok: false });
      expect(await everything()).toEqual(before);
    },
  );

  it("refuses ids of the wrong type or kind", async () => {
    asUser(tenant.owner.actor);
    const before = await everything();
    const valid = input(tenant, "fine name");
    for (const key of Object.keys(valid).filter((field) => field.endsWith("Id"))) {
      for (const bad of [123, "", "wksp_short", tenant.owner.userId]) {
        const result = await run({ ...valid, [key]: bad });
        expect(result, `${key}=${String(bad)}`).toMatchObject({ ok: false, fieldErrors: { [key]: [expect.any(String)] } });
      }
    }
    expect(await everything()).toEqual(before);
  });
});

describe("stored names", () => {
  it("are trimmed, and accept 64 characters and non-Latin scripts", async () => {
    const own = await makeTenant();
    asUser(own.owner.actor);
    const prisma = await db();
    for (const { label, run, input } of NAMED_ACTIONS) {
      const result = await run(input(own, `   ${label} trimmed  `));
      expect(result, label).toMatchObject({ ok: true });
    }
    expect((await prisma.workspace.findUniqueOrThrow({ where: { id: own.workspaceId } })).name).toBe(
      "renameWorkspaceAction trimmed",
    );
    expect((await prisma.project.findUniqueOrThrow({ where: { id: own.projectId } })).name).toBe(
      "renameProjectAction trimmed",
    );
    const keys = await prisma.apiKey.findMany({ where: { resourceId: own.resourceId } });
    expect(keys.map((key) => key.name)).toEqual(["createApiKeyAction trimmed"]);

    const long = "ü".repeat(64);
    expect(await NAMED_ACTIONS[3]!.run({ projectId: own.projectId, name: long })).toMatchObject({ ok: true });
    expect((await prisma.project.findUniqueOrThrow({ where: { id: own.projectId } })).name).toBe(long);
    expect(await NAMED_ACTIONS[3]!.run({ projectId: own.projectId, name: "本番 環境" })).toMatchObject({ ok: true });
  });

  it("deleteApiKeyAction refuses extra fields too", async () => {
    asUser(tenant.owner.actor);
    expect(await deleteApiKeyAction({ apiKeyId: "key_0000000000000000", force: true })).toMatchObject({ ok: false });
  });
});

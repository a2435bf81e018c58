import { describe, expect, it } from "vitest";
import { createUserWithWorkspace, personalWorkspaceName } from "@/lib/server/data/users";
import { listWorkspaces } from "@/lib/server/data/workspaces";
import { db } from "@/lib/server/db";
import { signUpSchema } from "@/lib/schemas/account";
import { unique } from "../../support/factories";

const PASSWORD = "correct horse battery staple";

function signUpInput(email = `${unique("person")}@example.test`) {
  return signUpSchema.parse({ name: "Ada Lovelace", email, password: PASSWORD });
}

describe("createUserWithWorkspace", () => {
  it("makes the user Admin of a new workspace and stores an argon2id hash, not the password", async () => {
    const input = signUpInput();
    const { userId, workspaceId } = await createUserWithWorkspace(input);

    expect(userId).toMatch(/^usr_[0-9A-Za-z]{16}$/);
    expect(workspaceId).toMatch(/^wksp_[0-9A-Za-z]{16}$/);
    const workspaces = await listWorkspaces({ type: "user", userId });
    expect(workspaces).toEqual([
      expect.objectContaining({ id: workspaceId, name: "Ada Lovelace's workspace", role: "ADMIN" }),
    ]);
    const user = await (await db()).user.findUniqueOrThrow({ where: { id: userId } });
    expect(user.email).toBe(input.email);
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(JSON.stringify(user)).not.toContain(PASSWORD);
  });

  it("refuses a duplicate email, whatever its case, with a conflict and creates nothing", async () => {
    const email = `${unique("twin")}@example.test`;
    await createUserWithWorkspace(signUpInput(email));
    const prisma = await db();
    const users = await prisma.user.count({ where: { email } });

    const again = createUserWithWorkspace(signUpInput(email.toUpperCase()));

    await expect(again).rejects.toMatchObject({
      code: "conflict",
      message: "An account with this email already exists. Sign in instead.",
      fieldErrors: { email: [expect.any(String)] },
    });
    expect(await prisma.user.count({ where: { email } })).toBe(users);
  });
});

describe("personalWorkspaceName", () => {
  it("keeps the workspace name within 64 characters, counting code points", () => {
    expect(personalWorkspaceName("Ada")).toBe("Ada's workspace");
    const long = personalWorkspaceName("x".repeat(64));
    expect([...long].length).toBeLessThanOrEqual(64);
    expect(long.endsWith("…'s workspace")).toBe(true);
    expect([...personalWorkspaceName("😀".repeat(60))].length).toBeLessThanOrEqual(64);
  });
});

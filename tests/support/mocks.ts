import crypto from "node:crypto";
import { afterAll, afterEach, vi } from "vitest";
import { closeDb } from "@/lib/server/db";
import { signOut } from "./session";

// Actions read the caller from next-auth and refresh pages through next/cache; both need a Next.js
// request. The session module is replaced by one whose user the test sets with asUser().
vi.mock("@/lib/server/session", async () => {
  const session = await import("./session");
  return {
    requireActor: session.requireActor,
    requireSession: session.requireSession,
    currentUser: async () => null,
    currentSession: async () => null,
    pageActor: session.requireActor,
    requireUserOrRedirect: async () => {
      throw new Error("Pages are not rendered in integration tests.");
    },
  };
});

// Connection strings are encrypted with this (a test file may set its own first); without it the
// Console would create a key file in the repository's .data folder.
process.env.PLATFORM_ENCRYPTION_KEY ||= crypto.randomBytes(32).toString("base64");

vi.mock("next/cache", () => ({ revalidatePath: vi.fn(), revalidateTag: vi.fn() }));

afterEach(() => signOut());

// Each test file has its own database connection (and, for PGlite, its own database).
afterAll(() => closeDb());

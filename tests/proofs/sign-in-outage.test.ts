import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { signInAction } from "@/lib/server/actions/sign-in";
import { throttleKeys } from "@/lib/server/sign-in-throttle";
import { browser, RedirectStandIn, type Cookie } from "../integration/auth/stand-in/auth";
import { makeUserWithPassword, PASSWORD, type PasswordUser } from "../integration/auth/support";
import { createCluster, type Cluster } from "./throwaway-cluster";

// Issue 13, item 3: a sign-in the server could not check is not a failed attempt. The Console's
// sign-in (the login form's action and the real authorize, next-auth stood in for as in
// tests/integration/auth) runs against a throwaway PostgreSQL cluster that fails in two ways:
//  - after the throttle's statements succeed, reading the user fails (SELECT on "User" revoked);
//  - the whole server is stopped, then started again.
// Each time: the message says the service is unavailable, not that the password is wrong, and not
// one row of "SignInThrottle" changed; once the database is back, the right password signs in.

vi.mock("next-auth", () => import("../integration/auth/stand-in/next-auth"));
vi.mock("@/lib/server/auth", () => import("../integration/auth/stand-in/auth"));
vi.mock("next/headers", async () => {
  const { requestHeaders } = await import("../integration/auth/stand-in/auth");
  return { headers: async () => requestHeaders(), cookies: async () => ({ get: () => undefined, set: () => undefined }) };
});

const UNAVAILABLE = { ok: false, error: "The service is unavailable right now. Try again in a moment." };
const APP_ROLE = "console_app";

let cluster: Cluster;
let admin: pg.Client;
let user: PasswordUser;

async function throttleRows(): Promise<string> {
  const { rows } = await admin.query(`SELECT "key", "tokens", "updatedAt" FROM "SignInThrottle" ORDER BY "key"`);
  return JSON.stringify(rows);
}

/** Every attempt of an outage, right and wrong passwords, more than the throttle's budget. */
async function attemptsDuringOutage(): Promise<unknown[]> {
  const results = [];
  for (let attempt = 0; attempt < 12; attempt++) {
    const password = attempt % 3 === 0 ? PASSWORD : `wrong-${attempt}`;
    results.push(await signInAction({ email: user.email, password }));
  }
  return results;
}

beforeAll(async () => {
  cluster = await createCluster();
  admin = await connectAdmin();
  // The Console connects as a role of its own, so that a privilege can fail one statement.
  await admin.query(`CREATE ROLE ${APP_ROLE} LOGIN`);
  await admin.query(`GRANT ALL ON ALL TABLES IN SCHEMA public TO ${APP_ROLE}`);
  const appUrl = new URL(cluster.url);
  appUrl.username = APP_ROLE;
  process.env.DATABASE_URL = appUrl.toString();
  user = await makeUserWithPassword();
  // Some failed attempts from before the outage, so there are rows that must stay as they are.
  browser.address = "192.0.2.44";
  for (let attempt = 0; attempt < 3; attempt++) {
    expect(await signInAction({ email: user.email, password: `before-${attempt}` })).toMatchObject({ ok: false });
  }
});

afterAll(async () => {
  await admin?.end().catch(() => {});
  cluster?.destroy();
});

describe("a sign-in during a database failure", () => {
  it("is unavailable, not wrong, when the user cannot be read after the throttle's statements ran; nothing is counted", async () => {
    const keys = throttleKeys(user.email, browser.address);
    const before = await throttleRows();
    expect(before).toContain(keys.pair);

    await admin.query(`REVOKE SELECT ON "User" FROM ${APP_ROLE}`);
    try {
      const results = await attemptsDuringOutage();
      expect(results).toEqual(Array(12).fill(UNAVAILABLE));
    } finally {
      await admin.query(`GRANT SELECT ON "User" TO ${APP_ROLE}`);
    }
    expect(await throttleRows()).toBe(before);
  });

  it("is unavailable while the server is down, counts nothing, and the right password works once it is back", async () => {
    const before = await throttleRows();
    cluster.stop("fast");
    let results: unknown[];
    try {
      results = await attemptsDuringOutage();
    } finally {
      cluster.start();
    }
    expect(results).toEqual(Array(12).fill(UNAVAILABLE));
    expect(await throttleRowsAfterRestart()).toBe(before);

    // No lockout left behind: 12 attempts would have exceeded the budget of 10 had they counted.
    browser.cookie = null;
    let signedIn: unknown = null;
    for (let attempt = 0; attempt < 50 && !(signedIn instanceof RedirectStandIn); attempt++) {
      // The pool's connections died with the server; the first attempts after it may still fail.
      signedIn = await signInAction({ email: user.email, password: PASSWORD }).catch((error) => error);
      if (!(signedIn instanceof RedirectStandIn)) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(signedIn).toBeInstanceOf(RedirectStandIn);
    // (Read through a function: TypeScript still thinks the cookie is the null assigned above.)
    expect(cookieNow()?.sessionId).toMatch(/^ses_/);
  });
});

const cookieNow = (): Cookie => browser.cookie;

/** The admin connection died with the server: a new one. */
async function throttleRowsAfterRestart(): Promise<string> {
  await admin.end().catch(() => {});
  admin = await connectAdmin();
  return throttleRows();
}

/** The test's own connection (as the superuser); it dies with the server, which is expected. */
async function connectAdmin(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: cluster.url });
  client.on("error", () => {});
  await client.connect();
  return client;
}

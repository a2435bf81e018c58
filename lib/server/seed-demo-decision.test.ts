import { describe, expect, it } from "vitest";
import { demoSeedWanted, prepareDemoSeeding } from "./seed-demo-decision.mjs";

const PGLITE = { kind: "pglite" } as const;
const POSTGRES = { kind: "postgres" } as const;

describe("demoSeedWanted", () => {
  it.each([
    [PGLITE, undefined, true],
    [PGLITE, "", true],
    [PGLITE, "1", true],
    [PGLITE, "0", false],
    [POSTGRES, undefined, false],
    [POSTGRES, "", false],
    [POSTGRES, "0", false],
    [POSTGRES, "1", true],
    [POSTGRES, " 1 ", true],
  ])("%o with PLATFORM_DEMO=%j → %s", (target, value, expected) => {
    expect(demoSeedWanted({ PLATFORM_DEMO: value }, target)).toBe(expected);
  });

  it.each(["yes", "true", "2", "off"])("refuses PLATFORM_DEMO=%j with a clear error", (value) => {
    expect(() => demoSeedWanted({ PLATFORM_DEMO: value }, PGLITE)).toThrow('PLATFORM_DEMO must be "1" (seed the demo account) or "0" (do not).');
  });
});

describe("prepareDemoSeeding", () => {
  it("tells the server whether to seed, and says why a PostgreSQL server gets no demo", () => {
    const env: Record<string, string | undefined> = {};
    expect(prepareDemoSeeding(env, POSTGRES)).toMatch(/^No demo account on a PostgreSQL server \(PLATFORM_DEMO=1 seeds one/);
    expect(env.PLATFORM_SEED_DEMO).toBe("0");

    const embedded: Record<string, string | undefined> = {};
    expect(prepareDemoSeeding(embedded, PGLITE)).toBeNull();
    expect(embedded.PLATFORM_SEED_DEMO).toBe("1");

    const optedOut: Record<string, string | undefined> = { PLATFORM_DEMO: "0" };
    expect(prepareDemoSeeding(optedOut, POSTGRES)).toBeNull();
    expect(optedOut.PLATFORM_SEED_DEMO).toBe("0");
  });
});

// Whether a starting server seeds the demo account (README, "Demo account"). Plain JavaScript so
// that the start script (scripts/start.mjs) and the app (lib/server/db.ts) decide alike.
//
// The demo account's password is published in the README, so it belongs only to the embedded
// default a developer starts on their own machine. A PostgreSQL server is a deployment: a fresh one
// must not come up with a published Admin password, so there the demo is seeded only on request.

/**
 * PLATFORM_DEMO=1 seeds, PLATFORM_DEMO=0 does not, and unset means: seed into the embedded
 * database (PGlite), not into a PostgreSQL server. Seeding only ever happens into an empty
 * database (lib/server/seed-demo.ts).
 * @param {Record<string, string | undefined>} env
 * @param {{ kind: "pglite" | "postgres" }} target
 * @returns {boolean}
 */
export function demoSeedWanted(env, target) {
  const value = (env.PLATFORM_DEMO ?? "").trim();
  if (value === "1") return true;
  if (value === "0") return false;
  if (value !== "") throw new Error('PLATFORM_DEMO must be "1" (seed the demo account) or "0" (do not).');
  return target.kind === "pglite";
}

/**
 * For the start script: tells the server it starts whether to seed (PLATFORM_SEED_DEMO, read by
 * lib/server/db.ts) and returns a line for the operator when a server database gets no demo.
 * @param {Record<string, string | undefined>} env
 * @param {{ kind: "pglite" | "postgres" }} target
 * @returns {string | null}
 */
export function prepareDemoSeeding(env, target) {
  const wanted = demoSeedWanted(env, target);
  env.PLATFORM_SEED_DEMO = wanted ? "1" : "0";
  if (wanted || target.kind !== "postgres" || (env.PLATFORM_DEMO ?? "").trim() === "0") return null;
  return "No demo account on a PostgreSQL server (PLATFORM_DEMO=1 seeds one into an empty database): create the first account at /signup.";
}

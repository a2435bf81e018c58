import { describe, expect, it } from "vitest";
import { generateApiKey } from "@/lib/keys/api-key";
import { FakeDatabase } from "../../support/fake-key-database";
import { keyCreated, keyExpiryChanged, keyRevoked } from "@/lib/gateway/key-events";
import { digestApiKey } from "@/lib/keys/api-key";
import { KeyVerifier, VerificationUnavailableError } from "@/lib/gateway/verifier";

describe("KeyVerifier", () => {
  it("refuses a cached key from its expiresAt on, with no event and no database read", async () => {
    const database = new FakeDatabase();
    const verifier = new KeyVerifier(database);
    const expiresAt = new Date(Date.now() + 1000);
    const { plaintext } = database.addKey({ expiresAt, permission: "READ_ONLY" });
    expect(await verifier.verify(plaintext)).toMatchObject({ valid: true, permission: "read-only", expiresAt: expiresAt.toISOString() });
    const queries = database.queries;
    let accepted = 0;
    while (Date.now() < expiresAt.getTime()) {
      const result = await verifier.verify(plaintext);
      // Judged only if the answer was over before the instant (so it was made before it, too).
      if (Date.now() < expiresAt.getTime()) {
        expect(result.valid).toBe(true);
        accepted++;
      }
    }
    expect(accepted).toBeGreaterThan(0);
    expect(await verifier.verify(plaintext)).toEqual({
      valid: false,
      code: "EXPIRED",
      message: `The provided API Key is invalid. Reason: the key expired on ${expiresAt.toISOString()}.`,
    });
    expect(database.queries).toBe(queries); // answered from the cache, which carries the expiry
    expect(verifier.cachedKeys).toBe(1);
  });

  it("takes a rolled key's new expiry into its cached record", async () => {
    const database = new FakeDatabase();
    const verifier = new KeyVerifier(database);
    const { plaintext, row } = database.addKey();
    expect(await verifier.verify(plaintext)).toMatchObject({ valid: true, expiresAt: null });
    verifier.applyKeyEvent(keyExpiryChanged(row.id, new Date(Date.now() - 1)));
    expect(await verifier.verify(plaintext)).toMatchObject({ valid: false, code: "EXPIRED" });
  });

  it("rejects malformed keys and bad checksums without touching the database or the cache", async () => {
    const database = new FakeDatabase();
    const verifier = new KeyVerifier(database);
    const { plaintext } = database.addKey();
    const typo = plaintext.slice(0, 10) + (plaintext[10] === "a" ? "b" : "a") + plaintext.slice(11);
    for (const candidate of ["", "pcsk_", typo, `${plaintext}x`, 42, null, "x".repeat(10_000)]) {
      expect(await verifier.verify(candidate)).toMatchObject({ valid: false, code: "MALFORMED" });
    }
    expect(database.queries).toBe(0);
    expect(verifier.cachedKeys).toBe(0);
  });

  it("reads a valid key once, then answers from the cache", async () => {
    const database = new FakeDatabase();
    const verifier = new KeyVerifier(database);
    const { plaintext, row } = database.addKey();
    for (let i = 0; i < 5; i++) {
      expect(await verifier.verify(plaintext, row.resourceId)).toMatchObject({ valid: true, keyId: row.id, resourceKind: "database" });
    }
    expect(database.queries).toBe(1);
    expect(await verifier.verify(plaintext, "db_other000000000001")).toMatchObject({ valid: false, code: "WRONG_RESOURCE" });
    expect(database.queries).toBe(1);
  });

  it("evicts on revocation of the key, its resource or its project, and only those", async () => {
    const database = new FakeDatabase();
    const verifier = new KeyVerifier(database);
    const a = database.addKey({ resourceId: "db_a", projectId: "proj_a" });
    const b = database.addKey({ resourceId: "db_b", projectId: "proj_b" });
    const c = database.addKey({ resourceId: "db_c", projectId: "proj_c" });
    for (const key of [a, b, c]) await verifier.verify(key.plaintext);
    expect(verifier.cachedKeys).toBe(3);

    for (const [key, event] of [
      [a, keyRevoked({ keyId: a.row.id })],
      [b, keyRevoked({ resourceId: "db_b" })],
      [c, keyRevoked({ projectId: "proj_c" })],
    ] as const) {
      const before = verifier.cachedKeys;
      database.removeKey(key.row.id);
      verifier.applyKeyEvent(event);
      expect(verifier.cachedKeys).toBe(before - 1);
      expect(await verifier.verify(key.plaintext)).toMatchObject({ valid: false, code: "NOT_FOUND" });
    }
  });

  it("remembers unknown keys, and forgets one the moment it is created", async () => {
    const database = new FakeDatabase();
    const verifier = new KeyVerifier(database);
    const { plaintext } = generateApiKey();
    expect(await verifier.verify(plaintext)).toMatchObject({ code: "NOT_FOUND" });
    expect(await verifier.verify(plaintext)).toMatchObject({ code: "NOT_FOUND" });
    expect(database.queries).toBe(1);

    // The same plaintext now exists (as if created): the created event ends the negative answer.
    const { row } = database.addKey();
    const digest = digestApiKey(plaintext);
    database.rows.set(digest, { ...row });
    verifier.applyKeyEvent(keyCreated(digest));
    expect(await verifier.verify(plaintext)).toMatchObject({ valid: true });
  });

  it("does not cache a read that was in flight when an event arrived", async () => {
    const database = new FakeDatabase();
    const verifier = new KeyVerifier(database);
    const { plaintext, row } = database.addKey();
    database.holding = true;
    const inFlight = verifier.verify(plaintext);
    await Promise.resolve();
    database.removeKey(row.id);
    verifier.applyKeyEvent(keyRevoked({ keyId: row.id }));
    database.rows.set(digestApiKey(plaintext), row); // the read saw the row before the delete committed
    database.release();
    expect(await inFlight).toMatchObject({ valid: true });
    expect(verifier.cachedKeys).toBe(0);
    database.removeKey(row.id);
    expect(await verifier.verify(plaintext)).toMatchObject({ valid: false, code: "NOT_FOUND" });
  });

  it("reads the database on every request while caching is off, and empties the cache when it goes off", async () => {
    const database = new FakeDatabase();
    const verifier = new KeyVerifier(database);
    const { plaintext } = database.addKey();
    await verifier.verify(plaintext);
    expect(verifier.cachedKeys).toBe(1);
    verifier.setCaching(false);
    expect(verifier.cachedKeys).toBe(0);
    await verifier.verify(plaintext);
    await verifier.verify(plaintext);
    expect(database.queries).toBe(3);
    expect(verifier.cachedKeys).toBe(0);
  });

  it("an event it cannot read empties the cache", async () => {
    const database = new FakeDatabase();
    const verifier = new KeyVerifier(database);
    await verifier.verify(database.addKey().plaintext);
    verifier.applyKeyEvent(null);
    expect(verifier.cachedKeys).toBe(0);
  });

  it("fails closed: a database error is VerificationUnavailableError, never an answer", async () => {
    const database = new FakeDatabase();
    const verifier = new KeyVerifier(database, { caching: false });
    const { plaintext } = database.addKey();
    database.failing = true;
    await expect(verifier.verify(plaintext)).rejects.toBeInstanceOf(VerificationUnavailableError);
    await expect(verifier.verify(generateApiKey().plaintext)).rejects.toBeInstanceOf(VerificationUnavailableError);
    database.failing = false;
    expect(await verifier.verify(plaintext)).toMatchObject({ valid: true });
  });

  it("keeps at most cacheSize keys (least recently used go first)", async () => {
    const database = new FakeDatabase();
    const verifier = new KeyVerifier(database, { cacheSize: 3 });
    const keys = Array.from({ length: 5 }, () => database.addKey());
    for (const key of keys) await verifier.verify(key.plaintext);
    expect(verifier.cachedKeys).toBe(3);
    const queries = database.queries;
    await verifier.verify(keys[4]!.plaintext);
    expect(database.queries).toBe(queries);
    await verifier.verify(keys[0]!.plaintext);
    expect(database.queries).toBe(queries + 1);
  });

  it("a request that starts after an event never shares a lookup that started before it", async () => {
    const database = new FakeDatabase();
    const verifier = new KeyVerifier(database);
    const { plaintext, row } = database.addKey();
    database.holding = true;
    const before = verifier.verify(plaintext); // reads the row, then waits
    const joined = verifier.verify(plaintext); // same generation: shares that lookup
    await Promise.resolve();
    expect(database.queries).toBe(1);
    database.removeKey(row.id);
    verifier.applyKeyEvent(keyRevoked({ keyId: row.id }));
    const after = verifier.verify(plaintext); // after the delete: its own lookup
    expect(database.queries).toBe(2);
    database.release();
    expect(await after).toMatchObject({ valid: false, code: "NOT_FOUND" });
    await Promise.all([before, joined]);
  });
});

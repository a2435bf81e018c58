import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Acknowledgements } from "@/lib/gateway/acknowledgements";
import { keyRevoked } from "@/lib/gateway/key-events";
import { HeartbeatLease } from "@/lib/gateway/lease";
import { KeyVerifier } from "@/lib/gateway/verifier";
import { FakeDatabase } from "../../support/fake-key-database";

// The heartbeat lease and the writer's wait, on a fake clock: a cache serves only until a heartbeat's
// send time + L, and a writer waits for an unacknowledging instance at least L, at most its lease.

const L = 1_000;

function clock(start = 10_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe("HeartbeatLease", () => {
  it("holds from a heartbeat's send time (not its arrival) for L", () => {
    const time = clock();
    const lease = new HeartbeatLease(L, time.now);
    expect(lease.valid).toBe(false);
    const sequence = lease.send();
    time.advance(300); // the round trip (and the registry renewal) took 300 ms
    const ticket = lease.received(sequence)!;
    expect(lease.grant(ticket)).toBe(true); // it opens a lease that was not held
    expect(lease.valid).toBe(true);
    time.advance(L - 300 - 1);
    expect(lease.valid).toBe(true);
    time.advance(1);
    expect(lease.valid).toBe(false);
  });

  it("is extended by each heartbeat that comes back, and reports only a reopening", () => {
    const time = clock();
    const lease = new HeartbeatLease(L, time.now);
    expect(lease.grant(lease.received(lease.send())!)).toBe(true);
    for (let i = 0; i < 10; i++) {
      time.advance(200);
      expect(lease.grant(lease.received(lease.send())!)).toBe(false); // still held: nothing to reopen
    }
    time.advance(L - 1);
    expect(lease.valid).toBe(true);
  });

  it("a heartbeat that arrives after a stall cannot extend the lease past its own send time + L", () => {
    const time = clock();
    const lease = new HeartbeatLease(L, time.now);
    lease.grant(lease.received(lease.send())!);
    const late = lease.send(); // sent just before the stall
    time.advance(L + 500); // the stall: nothing comes back for 1.5 s
    expect(lease.valid).toBe(false);
    // Delivered after the stall: too old to be remembered, so it grants nothing.
    expect(lease.received(late)).toBeNull();
    // A fresh one reopens it.
    const fresh = lease.send();
    time.advance(5);
    expect(lease.grant(lease.received(fresh)!)).toBe(true);
  });

  it("an earlier heartbeat is superseded once a later one came back", () => {
    const time = clock();
    const lease = new HeartbeatLease(L, time.now);
    const first = lease.send();
    time.advance(200);
    const second = lease.send();
    expect(lease.received(second)).not.toBeNull();
    expect(lease.received(first)).toBeNull();
  });

  it("ends at once when the connection is reset, and ignores renewals of the old connection", () => {
    const time = clock();
    const lease = new HeartbeatLease(L, time.now);
    const ticket = lease.received(lease.send())!;
    lease.reset();
    expect(lease.grant(ticket)).toBe(false);
    expect(lease.valid).toBe(false);
  });
});

describe("the verifier under a lease", () => {
  it("stops serving from its cache the moment the lease runs out, empties it, and reads the database", async () => {
    const time = clock();
    const lease = new HeartbeatLease(L, time.now);
    const database = new FakeDatabase();
    const verifier = new KeyVerifier(database, { caching: false, lease });
    const { plaintext, row } = database.addKey();
    lease.grant(lease.received(lease.send())!);
    verifier.setCaching(true); // what the listener does when a grant reopens the lease

    expect(await verifier.verify(plaintext)).toMatchObject({ valid: true });
    expect(await verifier.verify(plaintext)).toMatchObject({ valid: true });
    expect(database.queries).toBe(1); // the second came from the cache

    // The listener is stalled: the key is deleted, and the event never arrives.
    database.removeKey(row.id);
    time.advance(L - 1);
    expect(await verifier.verify(plaintext)).toMatchObject({ valid: true }); // still within the lease
    time.advance(1);
    expect(await verifier.verify(plaintext)).toMatchObject({ valid: false, code: "NOT_FOUND" });
    expect(verifier.cachingEnabled).toBe(false);
    expect(verifier.cachedKeys).toBe(0);
  });

  it("does not cache a read that started under a lease that ran out before it returned", async () => {
    const time = clock();
    const lease = new HeartbeatLease(L, time.now);
    const database = new FakeDatabase();
    const verifier = new KeyVerifier(database, { caching: false, lease });
    const { plaintext } = database.addKey();
    lease.grant(lease.received(lease.send())!);
    verifier.setCaching(true);
    database.holding = true;
    const pending = verifier.verify(plaintext);
    await vi.waitFor(() => expect(database.queries).toBe(1));
    time.advance(L);
    database.release();
    expect(await pending).toMatchObject({ valid: true });
    expect(verifier.cachedKeys).toBe(0);
  });

  it("while the lease is out, a request never joins a read that started before it", async () => {
    const time = clock();
    const lease = new HeartbeatLease(L, time.now);
    const database = new FakeDatabase();
    const verifier = new KeyVerifier(database, { caching: false, lease });
    const { plaintext } = database.addKey();
    database.holding = true;
    const before = verifier.verify(plaintext); // a read in flight
    await vi.waitFor(() => expect(database.queries).toBe(1));
    // The key may have been deleted meanwhile, and this process cannot hear it: a read of its own.
    const after = verifier.verify(plaintext);
    await vi.waitFor(() => expect(database.queries).toBe(2));
    database.release();
    await Promise.all([before, after]);
    expect(database.queries).toBe(2);
  });

  it("a lease that reopens starts from an empty cache, with reads of before the reopening not cached", async () => {
    const time = clock();
    const lease = new HeartbeatLease(L, time.now);
    const database = new FakeDatabase();
    const verifier = new KeyVerifier(database, { caching: false, lease });
    const { plaintext, row } = database.addKey();
    lease.grant(lease.received(lease.send())!);
    verifier.setCaching(true);
    await verifier.verify(plaintext);
    expect(verifier.cachedKeys).toBe(1);
    time.advance(L + 1); // lapsed, and nobody asked meanwhile
    database.removeKey(row.id);
    verifier.applyKeyEvent(keyRevoked({ keyId: "key_unrelated0000001" })); // events keep arriving
    expect(lease.grant(lease.received(lease.send())!)).toBe(true);
    verifier.setCaching(true);
    expect(verifier.cachedKeys).toBe(0);
    expect(await verifier.verify(plaintext)).toMatchObject({ valid: false, code: "NOT_FOUND" });
  });
});

describe("the writer's wait (Acknowledgements)", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const acknowledgements = () => new Acknowledgements(L, () => Date.now());

  it("returns as soon as every listed instance has acknowledged", async () => {
    const acks = acknowledgements();
    acks.record("evt_1", "a"); // before the wait even started
    let done: string[] | null = null;
    void acks.waitFor("evt_1", [{ id: "a", remainingMs: 800 }, { id: "b", remainingMs: 900 }]).then((out) => (done = out));
    await vi.advanceTimersByTimeAsync(10);
    expect(done).toBeNull();
    acks.record("evt_1", "b");
    await vi.advanceTimersByTimeAsync(0);
    expect(done).toEqual([]);
  });

  it("waits for a silent instance at least L, even when its lease seemed to end sooner, and names it", async () => {
    const acks = acknowledgements();
    let done: string[] | null = null;
    void acks.waitFor("evt_2", [{ id: "silent", remainingMs: 150 }, { id: "quick", remainingMs: 900 }]).then((out) => (done = out));
    acks.record("evt_2", "quick");
    await vi.advanceTimersByTimeAsync(L - 1);
    expect(done).toBeNull();
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toEqual(["silent"]);
  });

  it("waits out a lease longer than L to its end", async () => {
    const acks = acknowledgements();
    let done: string[] | null = null;
    void acks.waitFor("evt_3", [{ id: "long", remainingMs: 1_500 }]).then((out) => (done = out));
    await vi.advanceTimersByTimeAsync(1_499);
    expect(done).toBeNull();
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toEqual(["long"]);
  });

  it("does not wait at all when no other instance holds a lease", async () => {
    expect(await acknowledgements().waitFor("evt_4", [])).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { FakeDatabase } from "../../support/fake-key-database";
import { LastUseRecorder } from "@/lib/gateway/last-use";
import type { KeyRecord } from "@/lib/gateway/store";

const record = (keyId: string, lastUsedAt: number | null = null): KeyRecord => ({
  keyId,
  resourceId: "db_1",
  resourceKind: "database",
  projectId: "proj_1",
  expiresAt: null,
  permission: "read-write",
  workspaceId: "wksp_1",
  lastUsedAt,
});

describe("LastUseRecorder", () => {
  it("writes many uses of many keys as one statement, and a key at most once a minute", async () => {
    const database = new FakeDatabase();
    let now = 1_000_000;
    const recorder = new LastUseRecorder(database, () => now);
    const a = record("key_a");
    const b = record("key_b");
    for (let i = 0; i < 1000; i++) {
      recorder.record(a);
      recorder.record(b);
    }
    expect(database.queries).toBe(0); // nothing on the request path
    await recorder.flush();
    expect(database.updates).toEqual([{ keyIds: ["key_a", "key_b"], at: new Date(now).toISOString() }]);

    now += 59_000;
    recorder.record(a);
    await recorder.flush();
    expect(database.updates).toHaveLength(1);

    now += 1_000;
    recorder.record(a);
    await recorder.flush();
    expect(database.updates[1]?.keyIds).toEqual(["key_a"]);
  });

  it("skips keys the database already shows as used this minute", async () => {
    const database = new FakeDatabase();
    const recorder = new LastUseRecorder(database, () => 500_000);
    recorder.record(record("key_recent", 480_000));
    await recorder.flush();
    expect(database.queries).toBe(0);
  });

  it("keeps the uses when the database is down, and writes them once it is back", async () => {
    const database = new FakeDatabase();
    const recorder = new LastUseRecorder(database);
    recorder.record(record("key_a"));
    database.failing = true;
    await expect(recorder.flush()).rejects.toThrow();
    expect(recorder.pendingCount).toBe(1);
    database.failing = false;
    await recorder.flush();
    expect(database.updates.map((update) => update.keyIds)).toEqual([["key_a"]]);
    expect(recorder.pendingCount).toBe(0);
  });
});

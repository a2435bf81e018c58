import { describe, expect, it } from "vitest";
import { decodeKeyEvent, encodeKeyEvent, keyCreated, keyRevoked, registerKeyEventSink, settleKeyEvent, type KeyEvent } from "@/lib/gateway/key-events";

describe("key events", () => {
  it("round-trip through a notification payload", () => {
    for (const event of [keyRevoked({ keyId: "key_1" }), keyRevoked({ resourceId: "db_1" }), keyRevoked({ projectId: "proj_1" }), keyCreated("ab12")]) {
      expect(decodeKeyEvent(encodeKeyEvent(event))).toEqual(event);
    }
  });

  it("decode anything unexpected to null (which empties caches)", () => {
    for (const payload of [undefined, "", "not json", "{}", '{"id":"x","type":"revoked"}', '{"id":"x","type":"other","keyId":"k"}', '{"id":1,"type":"revoked","keyId":"k"}']) {
      expect(decodeKeyEvent(payload)).toBeNull();
    }
  });

  it("reach every registered sink in the process when settled", async () => {
    const seen: (KeyEvent | null)[][] = [[], []];
    const unregister = seen.map((list) => registerKeyEventSink({ applyKeyEvent: (event) => list.push(event) }));
    const event = keyRevoked({ keyId: "key_1" });
    await settleKeyEvent(event);
    unregister.forEach((off) => off());
    await settleKeyEvent(keyRevoked({ keyId: "key_2" }));
    expect(seen).toEqual([[event], [event]]);
  });
});

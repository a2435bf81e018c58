import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateApiKey } from "@/lib/keys/api-key";
import { makeApiKey, makeTenant } from "../support/factories";
import { startGatewayProcess, verifyOnce, type GatewayProcess } from "./support";

// Issue 4's rate-limit proof, on a real gateway process with its default limit (a burst of 20
// failed verifications per address, then 1 a second): a burst of bad keys from one address
// (127.0.0.1) gets 429s, while a good key from another address (127.0.0.2) keeps verifying, and
// (issue 8) so does a good key from the limited address itself: only failures are refused.

let gateway: GatewayProcess;

beforeAll(async () => {
  gateway = await startGatewayProcess(process.env.DATABASE_URL ?? "");
});

afterAll(async () => {
  await gateway?.stop();
});

describe("failed verifications are limited per client address", () => {
  it("limits the address that sends bad keys, and only that one", async () => {
    const { plaintext } = await makeApiKey(await makeTenant());
    const attacker = Promise.all(
      Array.from({ length: 200 }, (_, i) => verifyOnce(gateway.url, i % 2 ? generateApiKey().plaintext : `pcsk_guess${i}`, "127.0.0.1")),
    );
    const legitimate: number[] = [];
    for (let i = 0; i < 20; i++) legitimate.push(await verifyOnce(gateway.url, plaintext, "127.0.0.2"));
    const burst = await attacker;

    const count = (statuses: number[], status: number) => statuses.filter((s) => s === status).length;
    expect(count(burst, 401)).toBeGreaterThanOrEqual(20);
    expect(count(burst, 401)).toBeLessThanOrEqual(25); // the burst, plus what refilled meanwhile
    expect(count(burst, 429)).toBe(200 - count(burst, 401));
    expect(legitimate).toEqual(Array(20).fill(200));

    // The limited address: its own valid keys, cold (never looked up) and then cached, still verify;
    // its bad ones are still refused.
    const { plaintext: cold } = await makeApiKey(await makeTenant());
    expect(await verifyOnce(gateway.url, cold, "127.0.0.1")).toBe(200);
    expect(await verifyOnce(gateway.url, cold, "127.0.0.1")).toBe(200);
    expect(await verifyOnce(gateway.url, plaintext, "127.0.0.1")).toBe(200);
    // Its bad keys are still refused: the bucket refills 1 a second, up to 20, so of 30 more at
    // once at least 10 get 429 however long this test took.
    const more = await Promise.all(Array.from({ length: 30 }, () => verifyOnce(gateway.url, generateApiKey().plaintext, "127.0.0.1")));
    expect(count(more, 429)).toBeGreaterThanOrEqual(10);
    expect(count(more, 429) + count(more, 401)).toBe(30);
  });
});

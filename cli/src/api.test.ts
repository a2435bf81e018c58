import { describe, expect, it } from "vitest";
import { ApiClient, ApiError, EXPIRED } from "./api";

type Reply = { status: number; body?: unknown; headers?: Record<string, string>; text?: string };

function client(replies: Reply[]) {
  const calls: { url: string; init: RequestInit }[] = [];
  const sleeps: number[] = [];
  const fetch = (async (url: URL, init: RequestInit) => {
    calls.push({ url: String(url), init });
    const reply = replies.shift()!;
    return new Response(reply.text ?? (reply.body === undefined ? null : JSON.stringify(reply.body)), {
      status: reply.status,
      headers: reply.headers,
    });
  }) as unknown as typeof globalThis.fetch;
  const api = new ApiClient({ baseUrl: "https://console.example.com", token: "pcpat_t", fetch, sleep: async (ms) => void sleeps.push(ms) });
  return { api, calls, sleeps };
}

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    return error as ApiError;
  }
  throw new Error("no failure");
}

describe("ApiClient.create", () => {
  it("sends one Idempotency-Key per invocation and retries network errors with it; other requests are not retried", async () => {
    const calls: Headers[] = [];
    let failures = 2;
    const fetch = (async (_url: URL, init: RequestInit) => {
      calls.push(new Headers(init.headers as Record<string, string>));
      if (failures-- > 0) throw Object.assign(new Error("socket hang up"), { cause: { code: "ECONNRESET" } });
      return new Response(JSON.stringify({ data: { id: "key_1" }, replayed: true }), { status: 201 });
    }) as unknown as typeof globalThis.fetch;
    const api = new ApiClient({ baseUrl: "https://console.example.com", token: "pcpat_t", fetch, sleep: async () => undefined });
    expect(await api.create("/environments/env_1/api-keys", { name: "k" })).toEqual({ data: { id: "key_1" }, replayed: true });
    expect(calls).toHaveLength(3);
    const keys = new Set(calls.map((headers) => headers.get("idempotency-key")));
    expect(keys.size).toBe(1);
    expect([...keys][0]).toMatch(/^[0-9a-f-]{36}$/);
    // A second invocation gets its own key.
    failures = 0;
    await api.create("/environments/env_1/api-keys", { name: "k" });
    expect(calls[3]!.get("idempotency-key")).not.toBe([...keys][0]);
    // A GET that fails on the network is reported, not retried.
    failures = 1;
    const before = calls.length;
    await expect(api.get("/me")).rejects.toThrow(/Could not reach the Platform Console/);
    expect(calls.length - before).toBe(1);
  });
});

describe("ApiClient", () => {
  it("sends the bearer token and JSON, and unwraps {data}", async () => {
    const { api, calls } = client([{ status: 201, body: { data: { id: "proj_1", name: "x" } } }]);
    expect(await api.post("/workspaces/wksp_1/projects", { name: "x" })).toEqual({ id: "proj_1", name: "x" });
    expect(calls[0]!.url).toBe("https://console.example.com/api/v1/workspaces/wksp_1/projects");
    const headers = calls[0]!.init.headers as Record<string, string>;
    expect(headers.authorization).toBe("Bearer pcpat_t");
    expect(headers["content-type"]).toBe("application/json");
    expect(calls[0]!.init.body).toBe('{"name":"x"}');
  });

  it("turns 401 into the expired message, whatever the server says", async () => {
    const { api } = client([{ status: 401, body: { error: { code: "authentication-failed", message: "Invalid token." } } }]);
    const error = await failure(api.get("/me"));
    expect(error.message).toBe(EXPIRED);
    expect(error.status).toBe(401);
  });

  it("joins message and hint into one line", async () => {
    const { api } = client([
      { status: 403, body: { error: { code: "permission-denied", message: "Viewers cannot create keys", hint: "Ask an Admin.\nThanks" } } },
    ]);
    expect((await failure(api.get("/x"))).message).toBe("Viewers cannot create keys. Ask an Admin. Thanks.");
  });

  it("shows zod issues from details when there is no hint", async () => {
    const { api } = client([
      { status: 422, body: { error: { code: "validation-error", message: "Invalid body.", details: [{ path: ["name"], message: "Enter a name." }] } } },
    ]);
    expect((await failure(api.get("/x"))).message).toBe("Invalid body. name: Enter a name.");
  });

  it("waits and retries a short 429, gives up on a long one", async () => {
    const limited = { status: 429, body: { error: { code: "rate-limit-exceeded", message: "Too many requests." } } };
    const retried = client([{ ...limited, headers: { "retry-after": "2" } }, { status: 200, body: { data: 1 } }]);
    expect(await retried.api.get("/x")).toBe(1);
    expect(retried.sleeps).toEqual([2000]);
    const refused = client([{ ...limited, headers: { "retry-after": "60" } }]);
    expect((await failure(refused.api.get("/x"))).message).toBe("Too many requests. Retry in 60 s.");
  });

  it("says when the address is not a Platform Console", async () => {
    const { api } = client([{ status: 404, text: "<html>nope</html>" }]);
    expect((await failure(api.get("/me"))).message).toBe(
      "Unexpected answer from https://console.example.com/api/v1/me (HTTP 404): is https://console.example.com a Platform Console?",
    );
    const ok = client([{ status: 200, text: "<html>hello</html>" }]);
    expect((await failure(ok.api.get("/me"))).message).toMatch(/not the Platform Console API/);
  });

  it("follows pagination and stops on a repeated cursor", async () => {
    const { api, calls } = client([
      { status: 200, body: { data: [1, 2], pagination: { nextCursor: "c1", hasMore: true } } },
      { status: 200, body: { data: [3], pagination: { nextCursor: null, hasMore: false } } },
    ]);
    expect(await api.list("/items")).toEqual([1, 2, 3]);
    expect(calls.map((call) => new URL(call.url).search)).toEqual(["?limit=1000", "?limit=1000&cursor=c1"]);
    const looping = client([
      { status: 200, body: { data: [1], pagination: { nextCursor: "c", hasMore: true } } },
      { status: 200, body: { data: [1], pagination: { nextCursor: "c", hasMore: true } } },
    ]);
    expect((await failure(looping.api.list("/items"))).message).toMatch(/same page twice/);
  });
});

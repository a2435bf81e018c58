import { describe, expect, it } from "vitest";
import { apiOrigin, consoleOrigin } from "./request-origin";

describe("request origins", () => {
  it("reads the address our server set and the user agent, capped", () => {
    const headers = new Headers({ "x-platform-client-ip": "203.0.113.5", "user-agent": `Mozilla/5.0 ${"x".repeat(1000)}` });
    const origin = consoleOrigin(headers);
    expect(origin).toMatchObject({ path: "console", address: "203.0.113.5" });
    expect(origin.userAgent).toHaveLength(256);
    expect(consoleOrigin(new Headers())).toEqual({ path: "console", address: null, userAgent: null });
  });

  it("tells the CLI from other REST clients by the CLI's User-Agent", () => {
    expect(apiOrigin(new Headers({ "user-agent": "platform-cli/0.1.0 node/20.18.0" }), "tok_0000000000000001")).toEqual({
      path: "cli",
      address: null,
      userAgent: "platform-cli/0.1.0 node/20.18.0",
      tokenId: "tok_0000000000000001",
    });
    expect(apiOrigin(new Headers({ "user-agent": "curl/8.5.0" }), "tok_0000000000000001").path).toBe("rest");
    expect(apiOrigin(new Headers({ "user-agent": "my-platform-cli/1" })).path).toBe("rest");
    expect(apiOrigin(new Headers()).path).toBe("rest");
  });
});

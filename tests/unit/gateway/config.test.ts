import { describe, expect, it } from "vitest";
import { gatewayConfigFromEnv as fromEnv } from "@/lib/gateway/gateway";

const gatewayConfigFromEnv = (env: Record<string, string>) => fromEnv(env as NodeJS.ProcessEnv);

// GATEWAY_INSTANCE_NAME names a process in its transaction ids and gateway_instance cookie, for a
// load balancer configured with one rule per process (README, "Several gateway processes").
describe("GATEWAY_INSTANCE_NAME", () => {
  it("is optional (each process then names itself at random) and taken as given when valid", () => {
    expect(gatewayConfigFromEnv({}).instanceName).toBeUndefined();
    expect(gatewayConfigFromEnv({ GATEWAY_INSTANCE_NAME: "  " }).instanceName).toBeUndefined();
    expect(gatewayConfigFromEnv({ GATEWAY_INSTANCE_NAME: "gw-eu_1" }).instanceName).toBe("gw-eu_1");
  });

  it("refuses a name that could not be routed on (a dot ends the name in a transaction id)", () => {
    for (const name of ["gw.1", "gw/1", "x".repeat(65), "gw 1"]) {
      expect(() => gatewayConfigFromEnv({ GATEWAY_INSTANCE_NAME: name }), name).toThrow("GATEWAY_INSTANCE_NAME must be 1–64 characters");
    }
  });
});

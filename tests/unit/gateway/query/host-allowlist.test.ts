import { describe, expect, it } from "vitest";
import { addressAllowed, checkHost, InvalidAllowlistError, parseHostAllowlist } from "@/lib/gateway/query/host-allowlist";

describe("PLATFORM_DATABASE_HOSTS", () => {
  it("is no restriction when unset or empty", async () => {
    expect(parseHostAllowlist(undefined)).toBeNull();
    expect(parseHostAllowlist(" , ")).toBeNull();
    expect(await checkHost(null, "anything.example")).toEqual({ allowed: true, checkPeer: false });
  });

  it("allows listed names (exact or *.suffix), addresses and ranges, and refuses the rest", async () => {
    const allowlist = parseHostAllowlist("db.internal, *.rds.amazonaws.com, 10.0.0.0/8, 192.168.1.7, fd00::/8")!;
    for (const host of ["db.internal", "DB.Internal", "x.eu-west-1.rds.amazonaws.com", "10.1.2.3", "192.168.1.7", "fd00::5", "[fd00::5]"]) {
      expect((await checkHost(allowlist, host)).allowed).toBe(true);
    }
    for (const host of ["db.internal.evil.com", "rds.amazonaws.com", "11.0.0.1", "192.168.1.8", "::1", "/var/run/postgresql"]) {
      expect(await checkHost(allowlist, host)).toMatchObject({ allowed: false });
    }
    expect(addressAllowed(allowlist, "::ffff:10.9.9.9")).toBe(true);
  });

  it("resolves a name when only addresses are listed, and asks for the peer to be checked", async () => {
    expect(await checkHost(parseHostAllowlist("127.0.0.0/8"), "localhost")).toEqual({ allowed: true, checkPeer: true });
    expect(await checkHost(parseHostAllowlist("10.0.0.0/8"), "localhost")).toMatchObject({ allowed: false });
  });

  it("refuses entries it cannot read, at start", () => {
    for (const value of ["10.0.0.0/33", "http://db", "db_internal", "1.2.3.4/8/9"]) expect(() => parseHostAllowlist(value)).toThrow(InvalidAllowlistError);
  });
});

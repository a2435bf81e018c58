import { describe, expect, it } from "vitest";
import { rateLimitAddressKey } from "./address-key";

describe("rateLimitAddressKey", () => {
  it("keeps an IPv4 address as it is", () => {
    expect(rateLimitAddressKey("203.0.113.7")).toBe("203.0.113.7");
    expect(rateLimitAddressKey("0.0.0.0")).toBe("0.0.0.0");
    expect(rateLimitAddressKey("255.255.255.255")).toBe("255.255.255.255");
  });

  it("counts an IPv4-mapped IPv6 address as its IPv4 address, in either notation", () => {
    expect(rateLimitAddressKey("::ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(rateLimitAddressKey("::FFFF:203.0.113.7")).toBe("203.0.113.7");
    expect(rateLimitAddressKey("::ffff:cb00:7107")).toBe("203.0.113.7");
    expect(rateLimitAddressKey("0:0:0:0:0:ffff:cb00:7107")).toBe("203.0.113.7");
  });

  it("counts every other IPv6 address by its /64, expanded and lower-case", () => {
    expect(rateLimitAddressKey("2001:db8:1:2:3:4:5:6")).toBe("2001:0db8:0001:0002::/64");
    expect(rateLimitAddressKey("2001:DB8:1:2::ffff")).toBe("2001:0db8:0001:0002::/64");
    expect(rateLimitAddressKey("2001:db8::1")).toBe("2001:0db8:0000:0000::/64");
    expect(rateLimitAddressKey("::1")).toBe("0000:0000:0000:0000::/64");
    expect(rateLimitAddressKey("::")).toBe("0000:0000:0000:0000::/64");
    expect(rateLimitAddressKey("fe80::1%eth0")).toBe("fe80:0000:0000:0000::/64");
    expect(rateLimitAddressKey("[2001:db8:a:b::1]")).toBe("2001:0db8:000a:000b::/64");
    expect(rateLimitAddressKey("64:ff9b::198.51.100.1")).toBe("0064:ff9b:0000:0000::/64");
  });

  it("gives two addresses of one /64 the same key and neighbouring /64s different keys", () => {
    const a = rateLimitAddressKey("2001:db8:0:1:aaaa:bbbb:cccc:dddd");
    const b = rateLimitAddressKey("2001:db8:0:1::9");
    const c = rateLimitAddressKey("2001:db8:0:2::9");
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });

  it("returns anything that is not an IP address unchanged", () => {
    for (const text of [
      "unknown",
      "",
      "localhost",
      "256.1.1.1",
      "1.2.3",
      "01.2.3.4",
      "1.2.3.4.5",
      "2001:db8::1::2",
      "1:2:3:4:5:6:7:8:9",
      "1:2:3:4:5:6:7",
      "2001:db8::g",
      "12345::1",
      "1:2:3:4:5:6:7::8",
    ]) {
      expect(rateLimitAddressKey(text)).toBe(text);
    }
  });
});

// The key a rate limiter counts a client address under. One IPv4 address is one key, but an IPv6
// client is usually given a whole /64 (one customer's LAN), so counting single IPv6 addresses would
// give an attacker 2^64 fresh budgets. IPv6 addresses therefore count by their /64, and an
// IPv4-mapped IPv6 address (::ffff:1.2.3.4, how a dual-stack socket reports an IPv4 peer) counts
// as the IPv4 address it carries, so the same client has one key whichever way it connected.
// Pure and dependency-free: both the Console (sign-in throttle) and the gateway use it.

const IPV4_OCTET = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const HEXTET = /^[0-9a-f]{1,4}$/;

/** IPv4 and IPv4-mapped IPv6 → the IPv4 address; other IPv6 → its /64; anything else unchanged. */
export function rateLimitAddressKey(address: string): string {
  if (isIPv4(address)) return address;
  const hextets = parseIPv6(address);
  if (!hextets) return address;
  if (isIPv4Mapped(hextets)) return ipv4FromHextets(hextets[6]!, hextets[7]!);
  const prefix = hextets.slice(0, 4).map((h) => h.toString(16).padStart(4, "0"));
  return `${prefix.join(":")}::/64`;
}

function isIPv4(text: string): boolean {
  const parts = text.split(".");
  return parts.length === 4 && parts.every((part) => IPV4_OCTET.test(part));
}

function isIPv4Mapped(hextets: number[]): boolean {
  return hextets.slice(0, 5).every((h) => h === 0) && hextets[5] === 0xffff;
}

function ipv4FromHextets(high: number, low: number): string {
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join(".");
}

/**
 * The eight 16-bit groups of an IPv6 address, or null when the text is not one. Accepts "::"
 * compression, a trailing dotted IPv4 part, surrounding brackets and a zone ("fe80::1%eth0").
 */
function parseIPv6(input: string): number[] | null {
  let text = input.toLowerCase();
  if (text.startsWith("[") && text.endsWith("]")) text = text.slice(1, -1);
  const zone = text.indexOf("%");
  if (zone !== -1) text = text.slice(0, zone);
  if (!text.includes(":")) return null;

  const halves = text.split("::");
  if (halves.length > 2) return null;
  const head = parseGroups(halves[0]!, halves.length === 1);
  const tail = halves.length === 2 ? parseGroups(halves[1]!, true) : [];
  if (!head || !tail) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  return [...head, ...new Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
}

/** Colon-separated hextets; the last may be a dotted IPv4 address when `lastMayBeIPv4`. */
function parseGroups(text: string, lastMayBeIPv4: boolean): number[] | null {
  if (text === "") return [];
  const parts = text.split(":");
  const groups: number[] = [];
  for (const [index, part] of parts.entries()) {
    if (lastMayBeIPv4 && index === parts.length - 1 && isIPv4(part)) {
      const [a, b, c, d] = part.split(".").map(Number) as [number, number, number, number];
      groups.push((a << 8) | b, (c << 8) | d);
    } else if (HEXTET.test(part)) {
      groups.push(parseInt(part, 16));
    } else {
      return null;
    }
  }
  return groups;
}

// PLATFORM_DATABASE_HOSTS: where the gateway (and the Console's "Test connection") may connect.
// A connection string makes the server open a socket wherever a Developer says, so an operator can
// restrict that: a comma-separated list of host names (`db.internal`, `*.rds.amazonaws.com`),
// addresses (`10.0.0.5`, `::1`) and CIDR ranges (`10.0.0.0/8`, `fd00::/8`). Unset or empty: any host.
//
// A host name is allowed when it is listed, or when every address it resolves to lies in a listed
// address or range. Names are resolved before connecting and each new connection's peer address is
// checked again once the socket is open, so a name that resolves elsewhere by then (DNS rebinding)
// is refused before any query runs; list names or literal addresses to avoid depending on DNS.
import dns from "node:dns/promises";
import net from "node:net";

export const HOST_ALLOWLIST_ENV = "PLATFORM_DATABASE_HOSTS";

export type HostAllowlist = {
  /** Lower-cased names; an entry `*.example.com` matches any name ending in `.example.com`. */
  names: string[];
  addresses: net.BlockList;
  hasAddresses: boolean;
  source: string;
};

/** Thrown (at start) for an entry that is neither a name, an address nor a CIDR range. */
export class InvalidAllowlistError extends Error {}

const NAME = /^(\*\.)?[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?)*$/;

/** null: no restriction. */
export function parseHostAllowlist(value: string | undefined): HostAllowlist | null {
  const entries = (value ?? "").split(",").map((entry) => entry.trim().toLowerCase()).filter(Boolean);
  if (entries.length === 0) return null;
  const allowlist: HostAllowlist = { names: [], addresses: new net.BlockList(), hasAddresses: false, source: entries.join(",") };
  for (const entry of entries) {
    const [address, prefix, extra] = entry.split("/");
    const family = net.isIP(address ?? "");
    if (family !== 0 && extra === undefined) {
      const type = family === 6 ? "ipv6" : "ipv4";
      const bits = prefix === undefined ? (family === 6 ? 128 : 32) : Number(prefix);
      if (!Number.isInteger(bits) || bits < 0 || bits > (family === 6 ? 128 : 32)) {
        throw new InvalidAllowlistError(`${HOST_ALLOWLIST_ENV}: "${entry}" has an invalid prefix length.`);
      }
      allowlist.addresses.addSubnet(address!, bits, type);
      allowlist.hasAddresses = true;
    } else if (NAME.test(entry) || entry.startsWith("/")) {
      allowlist.names.push(entry); // a unix socket directory may be listed as a path
    } else {
      throw new InvalidAllowlistError(`${HOST_ALLOWLIST_ENV}: "${entry}" is not a host name, an address or a CIDR range.`);
    }
  }
  return allowlist;
}

export function hostAllowlistFromEnv(env: Record<string, string | undefined> = process.env): HostAllowlist | null {
  return parseHostAllowlist(env[HOST_ALLOWLIST_ENV]);
}

function nameListed(allowlist: HostAllowlist, host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, "");
  return allowlist.names.some((entry) => (entry.startsWith("*.") ? name.endsWith(entry.slice(1)) : name === entry));
}

/** Whether an address (the peer of an open socket) lies in a listed address or range. */
export function addressAllowed(allowlist: HostAllowlist, address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, "");
  const family = net.isIP(bare);
  if (family === 0) return false;
  if (allowlist.addresses.check(bare, family === 6 ? "ipv6" : "ipv4")) return true;
  // An IPv4 peer may be reported as IPv4-mapped IPv6 (::ffff:10.0.0.5).
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare)?.[1];
  return mapped !== undefined && allowlist.addresses.check(mapped, "ipv4");
}

export type HostDecision =
  | { allowed: true; /** the peer address must be re-checked after connecting */ checkPeer: boolean }
  | { allowed: false; reason: string };

/** Decides for a connection string's host, resolving a name when only addresses are listed. */
export async function checkHost(allowlist: HostAllowlist | null, host: string): Promise<HostDecision> {
  if (!allowlist) return { allowed: true, checkPeer: false };
  const refused = { allowed: false as const, reason: `the host ${host} is not in ${HOST_ALLOWLIST_ENV}` };
  if (nameListed(allowlist, host)) return { allowed: true, checkPeer: false };
  if (net.isIP(host.replace(/^\[|\]$/g, "")) !== 0) return addressAllowed(allowlist, host) ? { allowed: true, checkPeer: false } : refused;
  if (!allowlist.hasAddresses || host.startsWith("/")) return refused;
  let resolved: { address: string }[];
  try {
    resolved = await dns.lookup(host, { all: true });
  } catch {
    return { allowed: false, reason: `the host ${host} could not be resolved` };
  }
  const allAllowed = resolved.length > 0 && resolved.every(({ address }) => addressAllowed(allowlist, address));
  return allAllowed ? { allowed: true, checkPeer: true } : refused;
}

import { CLIENT_ADDRESS_HEADER } from "./client-address";

// Where a request came from, for the audit log: the client's address (as our own HTTP server
// recorded it, lib/server/client-address.ts), its user agent, the path it took (the Console's
// pages and actions, the REST API, or the CLI, which speaks REST), and the access token it carried.
// It rides on the Actor (lib/server/authz.ts), set in exactly two places: requireActor() for server
// actions (lib/server/session.ts) and the REST wrapper's authentication (lib/server/api/route.ts).
//
// "cli" versus "rest" is read from the User-Agent the CLI sends (`platform-cli/<version> …`,
// cli/src/api.ts). A user agent is the client's to write, so the path is a label for reading the
// log, not a proof: the token, the address and the actor are what the server itself established.

export const AUDIT_PATHS = ["console", "rest", "cli", "system"] as const;
export type AuditPath = (typeof AUDIT_PATHS)[number];

export type RequestOrigin = {
  path: AuditPath;
  address: string | null;
  userAgent: string | null;
  /** The access token (personal or service) a REST request was made with; never its value. */
  tokenId?: string;
};

/** The CLI's User-Agent prefix (cli/src/api.ts sends `platform-cli/<version> node/<version>`). */
export const CLI_USER_AGENT_PREFIX = "platform-cli/";

/** User agents are capped: a client may send kilobytes, and the log keeps a label, not a payload. */
const USER_AGENT_MAX = 256;

function readUserAgent(headers: Headers): string | null {
  const value = headers.get("user-agent");
  return value ? value.slice(0, USER_AGENT_MAX) : null;
}

function readAddress(headers: Headers): string | null {
  return headers.get(CLIENT_ADDRESS_HEADER) || null;
}

/** A server action's or page's request: the Console. */
export function consoleOrigin(headers: Headers): RequestOrigin {
  return { path: "console", address: readAddress(headers), userAgent: readUserAgent(headers) };
}

/** A REST request (made with `tokenId`): the CLI when its User-Agent says so, otherwise REST. */
export function apiOrigin(headers: Headers, tokenId?: string): RequestOrigin {
  const userAgent = readUserAgent(headers);
  const path: AuditPath = userAgent?.startsWith(CLI_USER_AGENT_PREFIX) ? "cli" : "rest";
  return { path, address: readAddress(headers), userAgent, ...(tokenId ? { tokenId } : {}) };
}

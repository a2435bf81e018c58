// Which Prisma Clients this executor serves. A client compiles each query into a plan with the query
// compiler of its own version and sends it; the plan runs here on @prisma/client-engine-runtime
// 7.10.0 (pinned to this project's Prisma). Plans are internal to Prisma, so a client is served only
// when its plan format is this interpreter's; anything else gets P6006 naming what is served, never
// a garbled error halfway through a plan.
//
// What identifies a client: `Prisma-Engine-Hash`. Despite the name, Prisma Client 7 sends its own
// version there (HeaderBuilder is built with `engineHash: clientVersion`, e.g. "7.10.1": the version
// of the `prisma` CLI that generated it); `Prisma-Engine-Version` carries its runtime's engines
// commit. The version is the stable, documented name, so the decision is made on it.
//
// The decision, from the plan types of @prisma/client-engine-runtime (dist/query-plan.d.ts) of every
// 7.x release, compared with 7.10.0's:
// - 7.5.0–7.9.x: the same plan format (byte-identical types across 7.5–7.9; 7.10 only regroups them
//   into pure and impure nodes). Served. Proven with a real 7.8.0 client (tests/accelerate).
// - 7.10.x: this interpreter's own. Served. Proven with a real 7.10 client.
// - 7.0.0–7.4.x: `parameterTuple` fragments (the placeholders of every `IN (…)`, e.g. loading an
//   include) carry no itemPrefix/itemSeparator/itemSuffix, which this interpreter renders into the
//   SQL: their plans would run as broken SQL. Refused.
// - 7.11 and later, 6.x and older (which speak another protocol): unknown or other formats. Refused.
import { CODES } from "./accelerate-protocol";
import { GatewayQueryError } from "./errors";

export const SUPPORTED_RANGE = { major: 7, fromMinor: 5, toMinor: 10 } as const;
export const SUPPORTED_RANGE_TEXT = "7.5.0 to 7.10.x";

const VERSION = /^(\d+)\.(\d+)\.(\d+)(?:-[0-9A-Za-z.-]+)?$/;

export function isSupportedClientVersion(version: string): boolean {
  const match = VERSION.exec(version);
  if (!match) return false;
  const [major, minor] = [Number(match[1]), Number(match[2])];
  return major === SUPPORTED_RANGE.major && minor >= SUPPORTED_RANGE.fromMinor && minor <= SUPPORTED_RANGE.toMinor;
}

function unsupported(which: string, version: string | null): GatewayQueryError {
  return new GatewayQueryError(
    CODES.unsupportedVersion,
    `This gateway runs queries for Prisma Client ${SUPPORTED_RANGE_TEXT}; it cannot serve ${which}. ` +
      "Use a supported version (npm install prisma@7.10 @prisma/client@7.10, then npx prisma generate).",
    { supportedVersions: SUPPORTED_RANGE_TEXT, clientVersion: version },
  );
}

/** Throws P6006 unless the client's version is served. */
export function assertSupportedClient(engineHash: string | string[] | undefined): void {
  const version = (Array.isArray(engineHash) ? engineHash[0] : engineHash)?.trim().slice(0, 40) ?? "";
  if (isSupportedClientVersion(version)) return;
  throw unsupported(version === "" ? "a client that sent no Prisma-Engine-Hash header" : `Prisma Client ${version}`, version || null);
}

// Prisma Client 6 and older (the Data Proxy protocol) call /<client version>/<engine hash>/graphql
// and friends: recognisable, so they get the same clear answer instead of "no such path".
const DATA_PROXY_PATH = /^\/(\d+\.\d+\.\d+[0-9A-Za-z.-]*)\/[0-9a-f]{40}\//;

export function dataProxyClientVersion(path: string): string | null {
  return DATA_PROXY_PATH.exec(path)?.[1] ?? null;
}

export function unsupportedDataProxyClient(version: string): GatewayQueryError {
  return unsupported(`Prisma Client ${version.slice(0, 40)}, which speaks the older Data Proxy protocol`, version.slice(0, 40));
}

// Where the CLI finds its console and its credentials:
//   token: --token, then $PLATFORM_TOKEN, then auth.json in the config folder (written by `auth login`);
//   url:   --url, then $PLATFORM_URL, then http://localhost:3000.
// auth.json is {"token": "…"} in $XDG_CONFIG_HOME/platform-console (default ~/.config), mode 0600 in a
// 0700 folder, written atomically.
import fs from "node:fs";
import path from "node:path";
import { CliError, UsageError } from "./errors";
import type { Io } from "./io";

export const DEFAULT_URL = "http://localhost:3000";
const TOKEN_PREFIXES = ["pcpat_", "pcwst_"];

export type TokenSource = "flag" | "env" | "file";
export type Credentials = { token: string; source: TokenSource };

export function configDir(io: Pick<Io, "env" | "homedir" | "platform">): string {
  const xdg = io.env.XDG_CONFIG_HOME;
  if (xdg && path.isAbsolute(xdg)) return path.join(xdg, "platform-console");
  if (io.platform === "win32" && io.env.APPDATA) return path.join(io.env.APPDATA, "platform-console");
  return path.join(io.homedir, ".config", "platform-console");
}

export function authFile(io: Pick<Io, "env" | "homedir" | "platform">): string {
  return path.join(configDir(io), "auth.json");
}

/** The console's base URL, without a trailing slash. A malformed one is a usage error. */
export function resolveUrl(flag: string | undefined, io: Pick<Io, "env">): string {
  const raw = (flag ?? io.env.PLATFORM_URL ?? "").trim() || DEFAULT_URL;
  const from = flag !== undefined ? "--url" : io.env.PLATFORM_URL ? "PLATFORM_URL" : "the default";
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new UsageError(`Invalid console URL in ${from}: "${raw}". Use an address like https://console.example.com`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new UsageError(`Invalid console URL in ${from}: "${raw}". Use an http:// or https:// address`);
  }
  if (parsed.username || parsed.password || parsed.search || parsed.hash) {
    throw new UsageError(`Invalid console URL in ${from}: use the bare address, without credentials, query or fragment`);
  }
  return parsed.href.replace(/\/+$/, "");
}

/** Reads auth.json; null when there is none. */
export function readStoredToken(file: string): string | null {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new CliError(`Could not read ${file}: ${(error as Error).message}`);
  }
  let token: unknown;
  try {
    token = (JSON.parse(text) as { token?: unknown })?.token;
  } catch {
    token = undefined;
  }
  if (typeof token !== "string" || token === "") {
    throw new CliError(`${file} is not a valid credentials file. Delete it and run \`npx platform auth login\`.`);
  }
  return token;
}

export function writeStoredToken(file: string, token: string): void {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const temporary = path.join(dir, `.auth.json.${process.pid}.tmp`);
  try {
    fs.writeFileSync(temporary, `${JSON.stringify({ token }, null, 2)}\n`, { mode: 0o600, flag: "w" });
    fs.chmodSync(temporary, 0o600);
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw new CliError(`Could not write ${file}: ${(error as Error).message}`);
  }
}

export function deleteStoredToken(file: string): void {
  fs.rmSync(file, { force: true });
}

export const NO_CREDENTIALS =
  "No platform credentials found. Run `npx platform auth login` first. Alternatively you can provide a token " +
  "via the `--token` or `-t` flag or set the `PLATFORM_TOKEN` environment variable.";

/** The token to use: --token, then PLATFORM_TOKEN, then auth.json. */
export function resolveCredentials(flag: string | undefined, io: Io): Credentials {
  let credentials: Credentials | null = null;
  if (flag !== undefined) credentials = { token: flag.trim(), source: "flag" };
  else if (io.env.PLATFORM_TOKEN?.trim()) credentials = { token: io.env.PLATFORM_TOKEN.trim(), source: "env" };
  else {
    const stored = readStoredToken(authFile(io));
    if (stored) credentials = { token: stored, source: "file" };
  }
  if (!credentials || credentials.token === "") throw new CliError(NO_CREDENTIALS);
  if (!TOKEN_PREFIXES.some((prefix) => credentials.token.startsWith(prefix))) {
    const where = { flag: "The --token value", env: "PLATFORM_TOKEN", file: authFile(io) }[credentials.source];
    const what = credentials.token.startsWith("pcsk_") ? "an API key, not an access token" : "not an access token";
    throw new CliError(
      `${where} is ${what}. Use a personal (pcpat_…) or service (pcwst_…) token, or run \`npx platform auth login\`.`,
    );
  }
  return credentials;
}

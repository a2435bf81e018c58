import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { authFile, NO_CREDENTIALS, readStoredToken, resolveCredentials, resolveUrl, writeStoredToken } from "./config";
import { CliError, UsageError } from "./errors";
import { testIo, TOKEN } from "./test-support";

const OTHER = "pcwst_" + "b".repeat(38);

describe("resolveUrl", () => {
  it("takes --url, then PLATFORM_URL, then http://localhost:3000, without a trailing slash", () => {
    expect(resolveUrl("https://console.example.com/", { env: { PLATFORM_URL: "http://x:1" } })).toBe("https://console.example.com");
    expect(resolveUrl(undefined, { env: { PLATFORM_URL: "http://x:1/" } })).toBe("http://x:1");
    expect(resolveUrl(undefined, { env: {} })).toBe("http://localhost:3000");
    expect(resolveUrl("https://example.com/console/", { env: {} })).toBe("https://example.com/console");
  });

  it.each(["not a url", "ftp://example.com", "https://user:pw@example.com", "https://example.com/?a=1"])(
    "rejects %s as a usage error",
    (value) => {
      expect(() => resolveUrl(value, { env: {} })).toThrow(UsageError);
    },
  );
});

describe("credentials", () => {
  it("honours XDG_CONFIG_HOME, else ~/.config", () => {
    expect(authFile({ env: { XDG_CONFIG_HOME: "/x/conf" }, homedir: "/home/u", platform: "linux" })).toBe(
      "/x/conf/platform-console/auth.json",
    );
    expect(authFile({ env: {}, homedir: "/home/u", platform: "linux" })).toBe("/home/u/.config/platform-console/auth.json");
    // A relative XDG_CONFIG_HOME is invalid per the spec and ignored.
    expect(authFile({ env: { XDG_CONFIG_HOME: "conf" }, homedir: "/home/u", platform: "linux" })).toBe(
      "/home/u/.config/platform-console/auth.json",
    );
  });

  it("writes auth.json as {token} with mode 0600 in a 0700 folder, replacing an older file", () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "cli-config-"));
    const file = path.join(home, "conf", "platform-console", "auth.json");
    writeStoredToken(file, OTHER);
    fs.chmodSync(file, 0o644);
    writeStoredToken(file, TOKEN);
    expect(JSON.parse(fs.readFileSync(file, "utf8"))).toEqual({ token: TOKEN });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(fs.readdirSync(path.dirname(file))).toEqual(["auth.json"]);
    expect(readStoredToken(file)).toBe(TOKEN);
    expect(readStoredToken(path.join(home, "missing.json"))).toBeNull();
  });

  it("prefers --token, then PLATFORM_TOKEN, then the file", () => {
    const io = testIo({ XDG_CONFIG_HOME: undefined });
    writeStoredToken(authFile(io), TOKEN);
    expect(resolveCredentials(undefined, io)).toEqual({ token: TOKEN, source: "file" });
    io.env.PLATFORM_TOKEN = OTHER;
    expect(resolveCredentials(undefined, io)).toEqual({ token: OTHER, source: "env" });
    expect(resolveCredentials(TOKEN, io)).toEqual({ token: TOKEN, source: "flag" });
  });

  it("says how to log in when there are no credentials, without advertising missing flags", () => {
    const io = testIo();
    expect(() => resolveCredentials(undefined, io)).toThrow(NO_CREDENTIALS);
    expect(NO_CREDENTIALS).toContain("npx platform auth login");
    expect(() => resolveCredentials("", io)).toThrow(NO_CREDENTIALS);
  });

  it("refuses an API key or garbage as a token before any request, without echoing it", () => {
    const io = testIo();
    const key = "pcsk_" + "c".repeat(38);
    expect(() => resolveCredentials(key, io)).toThrow("The --token value is an API key, not an access token.");
    try {
      resolveCredentials(key, io);
    } catch (error) {
      expect((error as CliError).message).not.toContain(key);
    }
    io.env.PLATFORM_TOKEN = "hunter2";
    expect(() => resolveCredentials(undefined, io)).toThrow("PLATFORM_TOKEN is not an access token.");
  });

  it("reports a damaged auth.json clearly", () => {
    const io = testIo();
    fs.mkdirSync(path.dirname(authFile(io)), { recursive: true });
    fs.writeFileSync(authFile(io), "{not json");
    expect(() => resolveCredentials(undefined, io)).toThrow(/is not a valid credentials file/);
  });
});

import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// One name for each thing in what users read (issue 12, item 8): the Console's pages and components,
// the REST API's hints and documents, and the CLI's help.
//  - Tokens: "access token" (one's own, on the Access tokens page, /account/tokens) and "service
//    token" (a workspace's). Not "Tokens page", not "Personal access tokens", no "Settings → Access tokens".
//  - "API key" in sentence case, except the two labels the seed names: the "API Keys" tab (with the
//    heading and title that name it) and the "Create API Key" button (with the dialog it opens).

const root = path.resolve(import.meta.dirname, "..");
const DIRS = ["app", "components", "lib/server/api", "cli/src"];

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return files(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

function occurrences(pattern: RegExp): string[] {
  return DIRS.flatMap((dir) => files(path.join(root, dir))).flatMap((file) =>
    [...fs.readFileSync(file, "utf8").matchAll(pattern)].map((match) => `${path.relative(root, file)}: ${match[0]}`),
  );
}

describe("names users read", () => {
  it("calls tokens access tokens and service tokens, on the Access tokens page", () => {
    expect(occurrences(/\bTokens page\b/g)).toEqual([]);
    expect(occurrences(/Personal access tokens?/g)).toEqual([]);
    expect(occurrences(/Settings → Access tokens/g)).toEqual([]);
    expect(occurrences(/>\s*Tokens\s*</g)).toEqual([]);
    // The scan reads the files (a broken path finds nothing): the name itself is there.
    expect(occurrences(/Access tokens/g).length).toBeGreaterThan(3);
  });

  it("writes API key one way, but for the seed's two labels", () => {
    const stray = occurrences(/(?:Create )?API Keys?\b/g).filter((hit) => !/: (Create API Key|API Keys)$/.test(hit));
    expect(stray).toEqual([]);
    expect(occurrences(/Api key|api Key|API-key/g)).toEqual([]);
    expect(occurrences(/API key/g).length).toBeGreaterThan(10);
  });
});

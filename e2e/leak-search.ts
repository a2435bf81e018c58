// The leak canary's search tools (e2e/leak-canary.spec.ts): every page visited, as the browser shows
// it and as HTML and RSC fetched again with the same cookies, the browser's storage and URL; and
// files as raw bytes (the server's log, the embedded database's heap, index and WAL files).
import fs from "node:fs";
import path from "node:path";
import { expect, type Page } from "@playwright/test";

export const DATA_DIR = path.resolve(import.meta.dirname, ".data");
export const SERVER_LOG = path.join(DATA_DIR, "server.log");
export const PGLITE_DIR = path.join(DATA_DIR, "pglite");

export type Payload = { where: string; text: string };

export function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** The files among `files` that contain `needle` as raw bytes. */
export function filesContaining(files: string[], needle: string | Buffer): string[] {
  const bytes = typeof needle === "string" ? Buffer.from(needle, "utf8") : needle;
  return files.filter((file) => {
    try {
      return fs.readFileSync(file).includes(bytes);
    } catch {
      return false; // a file removed while we looked (a recycled WAL segment)
    }
  });
}

export const bytesOf = (files: string[]) => files.reduce((sum, file) => sum + (fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0), 0);

/** Records the main frame's pages as they are visited, for payloadsOf. */
export function trackVisits(page: Page): Set<string> {
  const visited = new Set<string>();
  page.on("framenavigated", (frame) => {
    if (frame === page.mainFrame()) visited.add(new URL(frame.url()).pathname);
  });
  return visited;
}

/** Every page visited so far, as the browser shows it and as HTML and RSC fetched with its cookies. */
export async function payloadsOf(current: Page, visited: Set<string>): Promise<Payload[]> {
  const payloads: Payload[] = [{ where: `DOM of ${new URL(current.url()).pathname}`, text: await current.content() }];
  payloads.push({
    where: "browser storage",
    text: await current.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie),
  });
  payloads.push({ where: "URL", text: current.url() });
  for (const pathname of visited) {
    const html = await current.request.get(pathname);
    expect(html.status(), `GET ${pathname}`).toBeLessThan(400);
    payloads.push({ where: `HTML of ${pathname}`, text: await html.text() });
    const rsc = await current.request.get(pathname, { headers: { RSC: "1" } });
    expect(rsc.status(), `RSC ${pathname}`).toBeLessThan(400);
    expect(rsc.headers()["content-type"] ?? "", `RSC ${pathname}`).toContain("text/x-component");
    payloads.push({ where: `RSC of ${pathname}`, text: await rsc.text() });
  }
  return payloads;
}

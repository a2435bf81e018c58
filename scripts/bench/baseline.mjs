// The practical limit on this machine: a bare node:http server that does the minimum a verifier
// must do (read and parse the same JSON body, check the format and checksum, SHA-256 the key, look
// the digest up in a Map) and answers like POST /api/v1/keys/verify. Run as a child process:
//   node scripts/bench/baseline.mjs <port> <digests.json>
import fs from "node:fs";
import http from "node:http";
import { checkSecret, digest } from "./keys.mjs";

const [port, digestsFile] = process.argv.slice(2);
const keys = new Map(
  JSON.parse(fs.readFileSync(digestsFile, "utf8")).map((d, i) => [d, { keyId: `key_${String(i).padStart(16, "0")}` }]),
);
const headers = { "content-type": "application/json", "cache-control": "no-store" };

const server = http.createServer((req, res) => {
  if (req.method !== "POST" || req.url !== "/api/v1/keys/verify") {
    res.writeHead(404, headers).end('{"error":"not found"}');
    return;
  }
  const chunks = [];
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", () => {
    let key;
    try {
      key = JSON.parse(Buffer.concat(chunks).toString("utf8")).key;
    } catch {
      res.writeHead(422, headers).end('{"error":"The request body must be JSON."}');
      return;
    }
    if (!checkSecret("pcsk_", key)) {
      res.writeHead(401, headers).end(JSON.stringify({ valid: false, code: "MALFORMED", message: "malformed key" }));
      return;
    }
    const found = keys.get(digest(key));
    if (!found) {
      res.writeHead(401, headers).end(JSON.stringify({ valid: false, code: "NOT_FOUND", message: "unknown key" }));
      return;
    }
    res.writeHead(200, headers).end(JSON.stringify({ valid: true, ...found }));
  });
});
server.listen(Number(port), "127.0.0.1", () => process.send?.("ready"));
process.on("SIGTERM", () => server.close(() => process.exit(0)));

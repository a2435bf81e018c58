// The bench's ceiling for any gateway: a node:http server that answers Prisma Client's requests
// instantly with answers the real gateway gave (GET /connection-info, and one POST /query answer for
// every query), with the gateway's headers. What Prisma Client (accelerateUrl) achieves against it is
// what its own HTTP and JSON work allows on this machine, whatever the gateway does. Forked by
// ./queries.ts with { connectionInfo, query } over IPC; answers { port }.
import http from "node:http";

const HEADERS = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "Cache-Control": "no-store",
  "Content-Type": "application/json; charset=utf-8",
};

process.once("message", ({ connectionInfo, query }) => {
  const answers = { "/connection-info": connectionInfo, "/query": query };
  const server = http.createServer((req, res) => {
    // The body is read in full, as the gateway does, before the answer goes out.
    req.on("data", () => {});
    req.on("end", () => {
      const body = answers[req.url.split("?")[0]];
      if (body === undefined) {
        res.writeHead(404, HEADERS).end("{}");
        return;
      }
      res.writeHead(200, { ...HEADERS, "Content-Length": String(Buffer.byteLength(body)) });
      res.end(body);
    });
  });
  server.listen(0, "127.0.0.1", () => process.send({ port: server.address().port }));
});
process.on("disconnect", () => process.exit(0));

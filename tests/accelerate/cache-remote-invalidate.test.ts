import net from "node:net";
import { withAccelerate } from "@prisma/extension-accelerate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientFor, freshPglite, RESOURCE_A, startTestGateway, type TestGateway } from "../support/accelerate-client/harness";

// A remote app (the gateway is not on localhost/127.0.0.1): `@prisma/extension-accelerate` 3.0.1
// sends `$accelerate.invalidate` to https://accelerate.prisma-data.net/invalidate, with the API key
// as Bearer, whatever the connection string says. The README's `withAccelerate({ fetch })` rewrite
// sends it to the gateway instead. "[::1]" stands in for a remote host: Prisma Client still speaks
// http to it, but the extension only treats "localhost" and "127.0.0.1" as local.

const PRISMA_HOST = "https://accelerate.prisma-data.net";

/** The README's rewrite, with the gateway's origin (https://<host of DATABASE_URL> in production). */
const toGateway =
  (gatewayOrigin: string, send: typeof fetch = fetch): typeof fetch =>
  (input, init) => {
    const url = new URL(input instanceof Request ? input.url : input.toString());
    return send(url.origin === PRISMA_HOST ? new URL(url.pathname + url.search, gatewayOrigin) : input, init);
  };

let gateway: TestGateway;
let ipv6: net.Server;
let closePglite: () => Promise<void>;

beforeAll(async () => {
  const pglite = await freshPglite();
  closePglite = () => pglite.close();
  gateway = await startTestGateway({ [RESOURCE_A]: { kind: "pglite", pglite, label: "test PGlite" } });
  await pglite.query(`INSERT INTO "User" ("email", "name") VALUES ('remote@example.test', 'before')`);
  // [::1] → the gateway on 127.0.0.1.
  ipv6 = net.createServer((socket) => socket.pipe(net.connect(gateway.port, "127.0.0.1")).pipe(socket));
  await new Promise<void>((resolve) => ipv6.listen(0, "::1", resolve));
});

afterAll(async () => {
  await new Promise((resolve) => ipv6?.close(resolve));
  await gateway?.close();
  await closePglite?.();
});

const remoteUrl = (key: string) => `prisma+postgres://[::1]:${(ipv6.address() as net.AddressInfo).port}/?api_key=${key}`;

describe("$accelerate.invalidate from a remote app", () => {
  it("without the rewrite goes to Prisma's host with the key; with it, reaches the gateway and drops the entry", async () => {
    const { key } = gateway.keyFor(RESOURCE_A);
    const seen: { url: string; sentTheKey: boolean }[] = [];
    const recording: typeof fetch = async (input, init) => {
      const url = input instanceof Request ? input.url : input.toString();
      if (url.startsWith(PRISMA_HOST)) {
        seen.push({ url, sentTheKey: new Headers(init?.headers).get("authorization") === `Bearer ${key}` });
        return new Response("{}", { status: 200 }); // never sent anywhere
      }
      return fetch(input, init);
    };
    const unrewritten = clientFor(remoteUrl(key)).$extends(withAccelerate({ fetch: recording }));
    await unrewritten.$accelerate.invalidate({ tags: ["remote"] });
    expect(seen).toEqual([{ url: `${PRISMA_HOST}/invalidate`, sentTheKey: true }]);

    const prisma = clientFor(remoteUrl(key)).$extends(withAccelerate({ fetch: toGateway(`http://127.0.0.1:${gateway.port}`, recording) }));
    const read = () => prisma.user.findUnique({ where: { email: "remote@example.test" }, cacheStrategy: { ttl: 60, tags: ["remote"] } }).withAccelerateInfo();
    expect((await read()).info?.cacheStatus).toBe("miss");
    expect((await read()).info?.cacheStatus).toBe("ttl");
    await prisma.$accelerate.invalidate({ tags: ["remote"] });
    expect(seen).toHaveLength(1); // nothing more went to Prisma's host
    expect((await read()).info?.cacheStatus).toBe("miss");
  });
});

import http from "node:http";

// The load balancer in front of several gateway processes, in a few lines: round-robin, plus one
// of the routing rules the README documents for interactive transactions ("Several gateway
// processes"), or none. Each backend is named as its process names itself (GATEWAY_INSTANCE_NAME),
// as a load balancer's configuration would name it. Every forwarded request is logged with the
// backend it went to and the code of an error answer.
//
//   "path"             /transaction/<name>.… goes to the backend <name>
//   "instance-cookie"  a request with the gateway_instance=<name> cookie goes to the backend <name>
//   "balancer-cookie"  the balancer's own sticky-session cookie: set on a response to a request
//                      that had none, naming the backend that answered; later requests follow it
//   "round-robin"      no rule at all

export type RoutingRule = "path" | "instance-cookie" | "balancer-cookie" | "round-robin";
export type Backend = { name: string; url: string };
export type Forwarded = { method: string; path: string; backend: string; status: number; errorCode: string | null };

const TRANSACTION_OWNER = /^\/transaction\/([A-Za-z0-9_-]{1,64})\./;
const BALANCER_COOKIE = "lb_backend";

function cookie(header: string | undefined, name: string): string | null {
  for (const pair of (header ?? "").split(";")) {
    const [key, ...value] = pair.trim().split("=");
    if (key === name) return value.join("=");
  }
  return null;
}

export type RoutingProxy = { url: string; forwarded: Forwarded[]; setRule(rule: RoutingRule): void; close(): Promise<void> };

export async function startRoutingProxy(backends: Backend[], initialRule: RoutingRule): Promise<RoutingProxy> {
  let rule = initialRule;
  let next = 0;
  const byName = new Map(backends.map((backend) => [backend.name, backend]));
  const agent = new http.Agent({ keepAlive: true });
  const forwarded: Forwarded[] = [];

  const choose = (req: http.IncomingMessage): { backend: Backend; pinned: boolean } => {
    const path = req.url ?? "/";
    let named: string | null = null;
    if (rule === "path") named = TRANSACTION_OWNER.exec(path)?.[1] ?? null;
    if (rule === "instance-cookie") named = cookie(req.headers.cookie, "gateway_instance");
    if (rule === "balancer-cookie") named = cookie(req.headers.cookie, BALANCER_COOKIE);
    const backend = named === null ? undefined : byName.get(named);
    if (backend) return { backend, pinned: true };
    return { backend: backends[next++ % backends.length]!, pinned: false };
  };

  const server = http.createServer((req, res) => {
    const { backend, pinned } = choose(req);
    const target = new URL(req.url ?? "/", backend.url);
    const upstream = http.request(target, { method: req.method, headers: { ...req.headers, host: target.host }, agent }, (answer) => {
      const headers = { ...answer.headers };
      if (rule === "balancer-cookie" && !pinned) {
        const own = `${BALANCER_COOKIE}=${backend.name}; Path=/; HttpOnly`;
        headers["set-cookie"] = [...(answer.headers["set-cookie"] ?? []), own];
      }
      const code = answer.headers["prisma-error-code"];
      forwarded.push({ method: req.method ?? "", path: req.url ?? "", backend: backend.name, status: answer.statusCode ?? 0, errorCode: typeof code === "string" ? code : null });
      res.writeHead(answer.statusCode ?? 502, headers);
      answer.pipe(res);
    });
    upstream.on("error", () => {
      if (!res.headersSent) res.writeHead(502).end();
      else res.destroy();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    forwarded,
    setRule(value) {
      rule = value;
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      agent.destroy();
    },
  };
}

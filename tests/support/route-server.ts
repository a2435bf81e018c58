import http from "node:http";
import type { AddressInfo } from "node:net";
import * as apiKeyRoll from "@/app/api/v1/api-keys/[id]/roll/route";
import * as apiKey from "@/app/api/v1/api-keys/[id]/route";
import * as environmentKeys from "@/app/api/v1/environments/[id]/api-keys/route";
import * as connectionTest from "@/app/api/v1/environments/[id]/connection/test/route";
import * as environment from "@/app/api/v1/environments/[id]/route";
import * as meToken from "@/app/api/v1/me/token/route";
import * as me from "@/app/api/v1/me/route";
import * as projectEnvironments from "@/app/api/v1/projects/[id]/environments/route";
import * as project from "@/app/api/v1/projects/[id]/route";
import * as auditLog from "@/app/api/v1/workspaces/[id]/audit-log/route";
import * as workspaceProjects from "@/app/api/v1/workspaces/[id]/projects/route";
import * as workspaces from "@/app/api/v1/workspaces/route";
import { CLIENT_ADDRESS_HEADER } from "@/lib/server/client-address";

// The REST API's route handlers on a real HTTP port, as the Console's server serves them (with the
// client address header our server sets from the socket), so that the CLI can be run against the
// real data layer in an integration test.

type Module = Record<string, unknown>;
const ROUTES: [RegExp, Module][] = [
  [/^\/api\/v1\/me$/, me],
  [/^\/api\/v1\/me\/token$/, meToken],
  [/^\/api\/v1\/workspaces$/, workspaces],
  [/^\/api\/v1\/workspaces\/([^/]+)\/projects$/, workspaceProjects],
  [/^\/api\/v1\/workspaces\/([^/]+)\/audit-log$/, auditLog],
  [/^\/api\/v1\/projects\/([^/]+)$/, project],
  [/^\/api\/v1\/projects\/([^/]+)\/environments$/, projectEnvironments],
  [/^\/api\/v1\/environments\/([^/]+)$/, environment],
  [/^\/api\/v1\/environments\/([^/]+)\/api-keys$/, environmentKeys],
  [/^\/api\/v1\/environments\/([^/]+)\/connection\/test$/, connectionTest],
  [/^\/api\/v1\/api-keys\/([^/]+)$/, apiKey],
  [/^\/api\/v1\/api-keys\/([^/]+)\/roll$/, apiKeyRoll],
];

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

export async function startRouteServer(address = "192.0.2.77"): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? "/", "http://localhost");
    const match = ROUTES.map(([pattern, module]) => [pattern.exec(url.pathname), module] as const).find(([found]) => found);
    const handler = match?.[1][req.method ?? "GET"] as Handler | undefined;
    if (!match || !handler) {
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { code: "resource-not-found", message: "No route.", hint: "" } }));
      return;
    }
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
    headers.set(CLIENT_ADDRESS_HEADER, address);
    const body = chunks.length ? Buffer.concat(chunks) : undefined;
    const request = new Request(url, { method: req.method, headers, body });
    const id = match[0]![1];
    const response = await handler(request, { params: Promise.resolve<Record<string, string>>(id ? { id: decodeURIComponent(id) } : {}) });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

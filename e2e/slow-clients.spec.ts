// The Console's and the gateway's node:http servers against slow and greedy clients, and the
// methods no route serves. A second Console (`node scripts/start.mjs`, the production build the
// e2e run just made, its own embedded database) is started with small HTTP_* limits, on ports the
// system picks (PORT=0, GATEWAY_PORT=0): its own port and its in-process gateway's port are both
// real servers as `npm start` runs them. TRACE is also sent to the suite's main server.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";

const root = path.resolve(import.meta.dirname, "..");
const LIMITS = { HTTP_HEADERS_TIMEOUT_MS: "1000", HTTP_REQUEST_TIMEOUT_MS: "2000", HTTP_KEEP_ALIVE_TIMEOUT_MS: "1000", HTTP_MAX_CONNECTIONS_PER_ADDRESS: "4" };
const SLACK_MS = 700; // Node checks the timeouts every 250 ms here, plus scheduling on a busy machine

let child: ChildProcess;
let output = "";
let dataDir: string;
const ports = { console: 0, gateway: 0 };

test.describe.configure({ mode: "serial", timeout: 120_000 });

test.beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "platform-slow-clients-"));
  // A clean environment (not the test runner's: its loader options must not reach the server).
  const env: Record<string, string | undefined> = { PATH: process.env.PATH, HOME: process.env.HOME, ...LIMITS, PORT: "0", GATEWAY_PORT: "0", PLATFORM_DATA_DIR: dataDir, PLATFORM_DEMO: "0" };
  child = spawn(process.execPath, [path.join(root, "scripts", "start.mjs")], { cwd: root, env: env as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  await expect
    .poll(() => /Console listening on http:\/\/localhost:(\d+)/.test(output) || child.exitCode !== null, { timeout: 100_000, message: `the second Console did not start:\n${output}` })
    .toBe(true);
  ports.console = Number(/Console listening on http:\/\/localhost:(\d+)/.exec(output)?.[1]);
  ports.gateway = Number(/Key gateway on http:\/\/localhost:(\d+)/.exec(output)?.[1]);
  expect(ports.console, output).toBeGreaterThan(0);
  expect(ports.gateway, output).toBeGreaterThan(0);
});

test.afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  }
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

type Exchange = { afterMs: number; received: string } | null;

/** Opens a socket from `localAddress`, writes `bytes`, and resolves once the server closed it (null at `giveUpMs`). */
function exchange(port: number, bytes: string, giveUpMs = 5_000, localAddress = "127.0.0.1"): Promise<Exchange> {
  return new Promise((resolve) => {
    const started = performance.now();
    const socket = net.connect({ port, host: "127.0.0.1", localAddress }, () => socket.write(bytes));
    let received = "";
    socket.on("data", (chunk) => (received += chunk));
    socket.on("error", () => {});
    socket.on("close", () => {
      clearTimeout(timer);
      resolve({ afterMs: performance.now() - started, received });
    });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(null);
    }, giveUpMs);
  });
}

function parse(received: string) {
  const [head = "", body = ""] = received.split("\r\n\r\n");
  const [statusLine = "", ...lines] = head.split("\r\n");
  const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(":")).toLowerCase(), line.slice(line.indexOf(":") + 1).trim()]));
  return { status: Number(statusLine.split(" ")[1]), headers, body };
}

test("TRACE, TRACK and CONNECT answer 405 in the API's error shape, before Next.js sees them", async ({ baseURL }) => {
  const mainPort = Number(new URL(baseURL!).port);
  const requests: [number, string][] = [
    [mainPort, "TRACE /api/v1/me HTTP/1.1\r\nHost: x\r\n\r\n"],
    [ports.console, "TRACE /api/v1/workspaces/wksp_x/projects HTTP/1.1\r\nHost: x\r\n\r\n"],
    [ports.console, "TRACK /api/v1/me HTTP/1.1\r\nHost: x\r\n\r\n"],
    [ports.console, "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n"],
    [ports.console, "TRACE / HTTP/1.1\r\nHost: x\r\n\r\n"],
  ];
  for (const [port, request] of requests) {
    const result = await exchange(port, request);
    const response = parse(result?.received ?? "");
    expect(response.status, request).toBe(405);
    expect(response.headers.allow).toBe("GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
    expect(response.headers["content-type"]).toContain("application/json");
    expect(JSON.parse(response.body)).toMatchObject({ error: { code: "method-not-allowed", message: expect.any(String), hint: expect.any(String) } });
  }
  // Next.js never saw them: nothing in the log, no stack trace.
  expect(output).not.toMatch(/\n\s+at |Error:/);
  // An ordinary request still gets through.
  expect(parse((await exchange(ports.console, "GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))!.received).status).toBe(200);
});

for (const server of ["console", "gateway"] as const) {
  test(`${server}: a client that sends half its headers and stalls is disconnected (408) within the head timeout`, async () => {
    const result = await exchange(ports[server], "GET /api/health HTTP/1.1\r\nHost: x\r\nX-Slow: ");
    expect(result, "still connected after 5 s").not.toBeNull();
    expect(parse(result!.received).status).toBe(408);
    expect(result!.afterMs).toBeLessThan(Number(LIMITS.HTTP_HEADERS_TIMEOUT_MS) + SLACK_MS);
  });

  test(`${server}: a body that trickles is cut off (408) within the request timeout`, async () => {
    // On the Console, a Next.js route that reads the body first (next-auth's sign-in callback).
    const [path, type, start] =
      server === "console" ? ["/api/auth/callback/credentials", "application/x-www-form-urlencoded", "email=a%40b.c&pass"] : ["/api/v1/keys/verify", "application/json", '{"key":'];
    const result = await exchange(ports[server], `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: ${type}\r\nContent-Length: 500\r\n\r\n${start}`);
    expect(result, "still connected after 5 s").not.toBeNull();
    expect(parse(result!.received).status).toBe(408);
    expect(result!.afterMs).toBeGreaterThanOrEqual(Number(LIMITS.HTTP_REQUEST_TIMEOUT_MS) - 300);
    expect(result!.afterMs).toBeLessThan(Number(LIMITS.HTTP_REQUEST_TIMEOUT_MS) + SLACK_MS);
  });

  test(`${server}: the (cap+1)th socket from one address is refused while another address still connects`, async () => {
    const port = ports[server];
    const healthPath = server === "console" ? "/api/health" : "/health";
    const held = await Promise.all(
      Array.from({ length: Number(LIMITS.HTTP_MAX_CONNECTIONS_PER_ADDRESS) }, () =>
        new Promise<net.Socket>((resolve) => {
          const socket = net.connect({ port, host: "127.0.0.1", localAddress: "127.0.0.1" }, () => resolve(socket));
          socket.on("error", () => {});
        }),
      ),
    );
    try {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const refused = await exchange(port, `GET ${healthPath} HTTP/1.1\r\nHost: x\r\n\r\n`, 2_000, "127.0.0.1");
      expect(refused?.received).toBe("");
      const other = await exchange(port, `GET ${healthPath} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`, 2_000, "127.0.0.2");
      expect(parse(other?.received ?? "").status).toBe(200);
    } finally {
      for (const socket of held) socket.destroy();
    }
  });
}

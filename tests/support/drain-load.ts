import http from "node:http";
import net from "node:net";

// Load for the drain proofs (issue 13, item 1): `connections` keep-alive connections, each sending
// one key verification after another until the server is gone. Every request ends one of three
// ways: answered (any status), refused before it was sent (ECONNREFUSED: the listener was closed,
// so the client knows nothing reached the server), or failed (a reset, a hang-up: lost).

export type DrainOutcome =
  | { kind: "answered"; status: number; connectionClose: boolean; afterSignal: boolean }
  | { kind: "refused"; afterSignal: boolean }
  | { kind: "failed"; code: string; afterSignal: boolean };

export type DrainLoad = {
  outcomes: DrainOutcome[][];
  /** Call right before sending the signal: later outcomes are marked afterSignal. */
  markSignal(): void;
  /** Resolves once every connection's loop has ended (refused or failed), at most `timeoutMs`. */
  ended(timeoutMs: number): Promise<boolean>;
  /** True once every loop has at least `count` answers. */
  warm(count: number): boolean;
  stop(): void;
};

export function drainLoad(url: string, key: string, connections = 50): DrainLoad {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const body = JSON.stringify({ key });
  let signalled = false;
  let running = true;
  const outcomes: DrainOutcome[][] = Array.from({ length: connections }, () => []);

  const once = () =>
    new Promise<DrainOutcome>((resolve) => {
      const request = http.request(
        `${url}/api/v1/keys/verify`,
        { method: "POST", agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } },
        (response) => {
          response.resume();
          response.on("end", () =>
            resolve({ kind: "answered", status: response.statusCode ?? 0, connectionClose: response.headers.connection === "close", afterSignal: signalled }),
          );
          response.on("error", (error: NodeJS.ErrnoException) => resolve({ kind: "failed", code: error.code ?? error.message, afterSignal: signalled }));
        },
      );
      request.on("error", (error: NodeJS.ErrnoException) =>
        resolve(error.code === "ECONNREFUSED" ? { kind: "refused", afterSignal: signalled } : { kind: "failed", code: error.code ?? error.message, afterSignal: signalled }),
      );
      request.end(body);
    });

  const loops = outcomes.map(async (mine) => {
    while (running) {
      const outcome = await once();
      mine.push(outcome);
      if (outcome.kind !== "answered") return;
    }
  });
  const all = Promise.all(loops);

  return {
    outcomes,
    markSignal: () => (signalled = true),
    ended: (timeoutMs) =>
      Promise.race([all.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs))]),
    warm: (count) => outcomes.every((mine) => mine.filter((outcome) => outcome.kind === "answered").length >= count),
    stop: () => {
      running = false;
      agent.destroy();
    },
  };
}

/** The figures a drain proof asserts and reports. */
export function drainFigures(load: DrainLoad) {
  const flat = load.outcomes.flat();
  const after = flat.filter((outcome) => outcome.afterSignal);
  return {
    requests: flat.length,
    failed: flat.filter((outcome) => outcome.kind === "failed"),
    answeredAfterSignal: after.filter((outcome) => outcome.kind === "answered").length,
    closeAnswers: after.filter((outcome) => outcome.kind === "answered" && outcome.connectionClose).length,
    // Each connection's loop ends with a refusal: its next request found no listener.
    endedRefused: load.outcomes.filter((mine) => mine.at(-1)?.kind === "refused").length,
  };
}

/**
 * A POST whose body arrives in two parts (a key verification unless `path` and `body` say
 * otherwise): `start()` sends the head and half the body, `finish()` the rest; `response`
 * resolves with the raw answer once the server closed the socket (or with the error's code).
 */
export function splitRequest(port: number, key: string, path = "/api/v1/keys/verify", body = JSON.stringify({ key })) {
  const half = Math.floor(body.length / 2);
  const socket = net.connect({ port, host: "127.0.0.1" });
  let received = "";
  const response = new Promise<string>((resolve) => {
    socket.on("data", (chunk) => (received += chunk));
    socket.on("error", (error: NodeJS.ErrnoException) => resolve(`error ${error.code}`));
    socket.on("close", () => resolve(received));
  });
  const connected = new Promise<void>((resolve) => socket.once("connect", () => resolve()));
  return {
    response,
    async start() {
      await connected;
      socket.write(
        `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, half)}`,
      );
    },
    finish: () => socket.write(body.slice(half)),
    destroy: () => socket.destroy(),
  };
}

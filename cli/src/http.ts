// A minimal fetch over node:http/https for the CLI. Node's global fetch initialises undici on first
// use, which costs ~150-200 ms of start-up on this class of machine — more than the request itself.
// Only what ApiClient uses is implemented: method, headers, a string body, a timeout signal.
import http from "node:http";
import https from "node:https";

export type FetchLike = (
  url: URL,
  init: { method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal; redirect?: "error" },
) => Promise<{ ok: boolean; status: number; headers: { get(name: string): string | null }; text(): Promise<string> }>;

export const httpFetch: FetchLike = (url, init) =>
  new Promise((resolve, reject) => {
    const transport = url.protocol === "https:" ? https : http;
    const body = init.body === undefined ? undefined : Buffer.from(init.body, "utf8");
    const request = transport.request(
      url,
      {
        method: init.method,
        headers: { ...init.headers, ...(body ? { "content-length": String(body.length) } : {}) },
        signal: init.signal,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("error", reject);
        response.on("end", () => {
          const status = response.statusCode ?? 0;
          const text = Buffer.concat(chunks).toString("utf8");
          resolve({
            ok: status >= 200 && status < 300,
            status,
            headers: {
              get: (name) => {
                const value = response.headers[name.toLowerCase()];
                return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
              },
            },
            text: async () => text,
          });
        });
      },
    );
    // Errors carry their code directly (ECONNREFUSED…); ApiClient reads it as fetch's `cause`.
    request.on("error", (error: NodeJS.ErrnoException) => {
      const wrapped = error.name === "AbortError" ? Object.assign(new Error("timeout"), { name: "TimeoutError" }) : error;
      reject(Object.assign(new Error(wrapped.message), { name: wrapped.name, cause: { code: error.code, message: error.message } }));
    });
    request.end(body);
  });

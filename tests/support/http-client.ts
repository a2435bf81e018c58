import http from "node:http";

export type GatewayResponse = { status: number; headers: http.IncomingHttpHeaders; text: string; json: any };

/** One request to a gateway over HTTP; `localAddress` (e.g. 127.0.0.2) picks the client address. */
export function requestGateway(
  baseUrl: string,
  path: string,
  options: { method?: string; body?: unknown; bearer?: string; localAddress?: string; headers?: Record<string, string> } = {},
): Promise<GatewayResponse> {
  const body = options.body === undefined ? undefined : typeof options.body === "string" ? options.body : JSON.stringify(options.body);
  const url = new URL(path, baseUrl);
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method: options.method ?? (body === undefined ? "GET" : "POST"),
        localAddress: options.localAddress,
        agent: false,
        headers: {
          ...(body === undefined ? {} : { "content-type": "application/json" }),
          ...(options.bearer === undefined ? {} : { authorization: `Bearer ${options.bearer}` }),
          ...options.headers,
        },
      },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk) => (text += chunk));
        response.on("end", () => {
          let json: unknown = null;
          try {
            json = JSON.parse(text);
          } catch {
            // not JSON: the caller asserts on text
          }
          resolve({ status: response.statusCode ?? 0, headers: response.headers, text, json });
        });
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

import { randomInt } from "node:crypto";
import { expect } from "vitest";
import type { Actor } from "@/lib/server/authz";
import { createPersonalToken, createServiceToken } from "@/lib/server/data/access-tokens";
import type { Tenant } from "../../support/factories";

// Calls route handlers the way Next.js 16 does: a Request and `{ params: Promise<…> }`.

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

export type CallOptions = {
  token?: string | null;
  id?: string;
  /** A value to send as JSON, or a string to send as it is. */
  body?: unknown;
  query?: string;
  headers?: Record<string, string>;
};

export type ApiResponse = { status: number; headers: Headers; json: any; text: string };

export async function call(handler: Handler, method: string, options: CallOptions = {}): Promise<ApiResponse> {
  const headers: Record<string, string> = {
    // A different documentation address per call, so the failed-authentication limit of one
    // test never affects another (the limit test sets its own).
    "x-platform-client-ip": `198.51.100.${randomInt(1, 255)}`,
    ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    ...(options.body !== undefined ? { "content-type": "application/json" } : {}),
    ...options.headers,
  };
  const body = options.body === undefined ? undefined : typeof options.body === "string" ? options.body : JSON.stringify(options.body);
  const url = `http://localhost/api/v1/test${options.query ? `?${options.query}` : ""}`;
  const response = await handler(new Request(url, { method, headers, body }), {
    params: Promise.resolve<Record<string, string>>(options.id === undefined ? {} : { id: options.id }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : null, text };
}

/** Every API response, success or failure, must not be cached anywhere. */
export function expectNoStore(response: ApiResponse) {
  expect(response.headers.get("cache-control")).toBe("no-store");
}

export function expectError(response: ApiResponse, status: number, code: string) {
  expect({ status: response.status, code: response.json?.error?.code }).toEqual({ status, code });
  expect(response.json.error).toEqual(expect.objectContaining({ message: expect.any(String), hint: expect.any(String) }));
  expectNoStore(response);
}

export async function personalToken(actor: Actor): Promise<string> {
  return (await createPersonalToken(actor, { name: "test" })).plaintext;
}

export async function serviceToken(tenant: Tenant): Promise<{ plaintext: string; tokenId: string }> {
  const { token, plaintext } = await createServiceToken(tenant.owner.actor, { workspaceId: tenant.workspaceId, name: "ci" });
  return { plaintext, tokenId: token.id };
}

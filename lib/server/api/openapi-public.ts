import "server-only";
import { verifyApiKeySchema } from "@/lib/schemas/api-key";
import { cliTokenExchangeSchema } from "@/lib/schemas/cli-authorization";
import { allowHeader } from "./methods";
import { json, jsonSchema, pathItem, ref } from "./openapi";
import { cliTokenSchema, verifyResultSchema } from "./schemas";

// The paths outside the bearer-authenticated wrapper: the verifier (served by the key gateway,
// lib/gateway/http.ts, on the Console's port and on GATEWAY_PORT), the CLI's login code exchange
// and this document. Built on call: ./openapi imports this module, and this one its helpers.

const verify = () => ({
  operationId: "postKeysVerify",
  summary: "Verify an API key (for the services the keys are for)",
  description:
    "Send the key in a JSON body, or send an empty body and the key as `Authorization: Bearer <key>`; neither " +
    "answers 422. Failed verifications are limited per client address (429 with Retry-After).",
  tags: ["Verification"],
  // Anonymous with the key in the body, or the key as the bearer.
  security: [{}, { apiKeyBearer: [] }],
  requestBody: { required: false, content: json(jsonSchema(verifyApiKeySchema, "input")) },
  responses: {
    200: { description: "The key is valid.", content: json(jsonSchema(verifyResultSchema, "output")) },
    401: { description: "The key is malformed, unknown, deleted or another resource's.", content: json(jsonSchema(verifyResultSchema, "output")) },
    422: ref("UnprocessableEntity"),
    429: ref("TooManyRequests"),
    503: {
      description: "Verification is unavailable; fail closed and retry.",
      headers: { "Retry-After": { $ref: "#/components/headers/RetryAfter" } },
      content: json(jsonSchema(verifyResultSchema, "output")),
    },
  },
});

const cliToken = () => ({
  operationId: "postAuthCliToken",
  summary: "Exchange a `platform auth login` code for an access token",
  description:
    "The CLI's half of the login: the Console redirected the browser to the CLI's loopback callback with a one-time " +
    "`code` and the `state`; the CLI sends them with the PKCE verifier (S256) whose challenge it put in the login " +
    "address. A code works once and for 60 seconds. Failed exchanges are limited per client address.",
  tags: ["Me"],
  security: [],
  requestBody: { required: true, content: json(jsonSchema(cliTokenExchangeSchema, "input")) },
  responses: {
    200: { description: "The new token.", content: json({ type: "object", required: ["data"], properties: { data: jsonSchema(cliTokenSchema, "output") } }) },
    401: {
      description:
        "One answer (`authentication-failed`) for an unknown, expired or used code, a wrong state and a wrong verifier; nothing is minted and the code is spent.",
      content: json({ $ref: "#/components/schemas/Error" }),
    },
    422: ref("UnprocessableEntity"),
    429: ref("TooManyRequests"),
    500: ref("InternalServerError"),
    503: ref("ServiceUnavailable"),
  },
});

const document = () => ({
  operationId: "getOpenapiJson",
  summary: "This document",
  tags: ["Meta"],
  security: [],
  responses: { 200: { description: "The OpenAPI 3.1 document.", content: json({ type: "object" }) } },
});

export function publicPaths() {
  return {
    // The gateway's own 405 (lib/gateway/http.ts): `Allow: POST`, no OPTIONS or HEAD.
    "/keys/verify": pathItem("POST", { post: verify() }),
    "/auth/cli/token": pathItem(allowHeader(["POST"]), { post: cliToken() }),
    "/openapi.json": pathItem(allowHeader(["GET"]), { get: document() }),
  };
}

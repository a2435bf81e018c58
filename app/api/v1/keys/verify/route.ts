import { verifyApiKeySchema } from "@/lib/schemas/api-key";
import { logError } from "@/lib/server/log";
import { verifyApiKey } from "@/lib/server/verify-api-key";

export const dynamic = "force-dynamic";

const noStore = { "Cache-Control": "no-store" };

/**
 * POST /api/v1/keys/verify with {"key": "…"} (and optionally "resourceId").
 * 200 {valid: true, keyId, resourceId, …} for a live key; 401 {valid: false, code, message} for a
 * malformed, unknown, deleted or other resource's key. The key is never echoed or logged.
 */
export async function POST(request: Request) {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return Response.json(
      { error: { code: "validation-error", message: "The request body must be JSON.", hint: 'Send {"key": "…"}.' } },
      { status: 422, headers: noStore },
    );
  }
  const parsed = verifyApiKeySchema.safeParse(body);
  if (!parsed.success) {
    return Response.json(
      {
        error: {
          code: "validation-error",
          message: "The request body is not valid.",
          hint: parsed.error.issues.map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`).join("; "),
        },
      },
      { status: 422, headers: noStore },
    );
  }
  try {
    const result = await verifyApiKey(parsed.data.key, parsed.data.resourceId);
    return Response.json(result, { status: result.valid ? 200 : 401, headers: noStore });
  } catch (error) {
    // Fail closed: a verifier that cannot reach the database never says "valid".
    logError("key verification", error);
    return Response.json(
      { valid: false, code: "UNAVAILABLE", message: "Key verification is temporarily unavailable." },
      { status: 503, headers: { ...noStore, "Retry-After": "1" } },
    );
  }
}

import type { NextRequest } from "next/server";
import { withFrameProtection } from "@/lib/security-headers";
import { handlers } from "@/lib/server/auth";

// next-auth serves HTML of its own here (GET /api/auth/signout asks to confirm, /api/auth/error
// explains a failure), outside proxy.ts's page headers: every answer gets X-Frame-Options: DENY and
// `frame-ancestors 'none'`, so no other site can frame a sign-out button and trick a click on it.
type Handler = (request: NextRequest) => Promise<Response>;

const framed =
  (handler: Handler): Handler =>
  async (request) =>
    withFrameProtection(await handler(request));

export const GET = framed(handlers.GET);
export const POST = framed(handlers.POST);

import type { FieldErrors } from "@/lib/schemas/common";

/** What every server action returns. Never a raw exception: those reach the client as a 500. */
export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: string; fieldErrors?: FieldErrors };

import "server-only";
import type { z } from "zod";
import { fieldErrorsOf, type FieldErrors } from "@/lib/schemas/common";
import { AppError } from "./errors";
import { logError } from "./log";

/** What every server action returns. Never a raw exception: those reach the client as a 500. */
export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: string; fieldErrors?: FieldErrors };

/**
 * Validates `input` with `schema`, runs `work`, and turns expected failures (AppError) into a
 * message for the user. Anything else is logged with the action's name and replaced by a generic
 * message, so that no database detail reaches the browser.
 */
export async function runAction<S extends z.ZodType, T>(
  name: string,
  schema: S,
  input: unknown,
  work: (data: z.output<S>) => Promise<T>,
): Promise<ActionResult<T>> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, error: "Check the highlighted fields.", fieldErrors: fieldErrorsOf(parsed.error) };
  }
  try {
    return { ok: true, data: await work(parsed.data) };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: error.message, fieldErrors: error.fieldErrors };
    logError(`action ${name} failed`, error);
    return { ok: false, error: "Something went wrong on our side. Try again in a moment." };
  }
}

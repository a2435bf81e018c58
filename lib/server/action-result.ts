import "server-only";
import type { z } from "zod";
import type { ActionResult } from "@/lib/action-result";
import { fieldErrorsOf } from "@/lib/schemas/common";
import { isDatabaseUnavailable, SERVICE_UNAVAILABLE_MESSAGE } from "./database-outage";
import { AppError } from "./errors";
import { logError } from "./log";

export type { ActionResult };

/**
 * Validates `input` with `schema`, runs `work`, and turns expected failures (AppError) into a
 * message for the user. Anything else is logged with the action's name and replaced by a generic
 * message (or, when the database cannot be reached, "the service is unavailable"), so that no
 * database detail reaches the browser.
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
    return unexpectedFailure(name, error);
  }
}

/**
 * An action's failure that is not an expected one: logged (a database outage once, not per
 * request) and answered with a message for the user, never the error itself. A database that
 * cannot be reached says so: the user's input was fine and trying again later will work.
 */
export function unexpectedFailure(name: string, error: unknown): { ok: false; error: string } {
  logError(`action ${name} failed`, error);
  if (isDatabaseUnavailable(error)) return { ok: false, error: SERVICE_UNAVAILABLE_MESSAGE };
  return { ok: false, error: "Something went wrong on our side. Try again in a moment." };
}

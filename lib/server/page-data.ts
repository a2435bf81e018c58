import "server-only";
import { notFound } from "next/navigation";
import { AppError } from "./errors";
import { redirectToSignIn } from "./session";

/**
 * For pages: runs a data-access call and turns "not found" into the 404 page and an ended session
 * into the sign-in page. A page shows another workspace's object exactly as a missing one.
 */
export async function loadOrNotFound<T>(load: Promise<T>): Promise<T> {
  try {
    return await load;
  } catch (error) {
    if (error instanceof AppError && error.code === "resource-not-found") notFound();
    if (error instanceof AppError && error.code === "authentication-failed") await redirectToSignIn();
    throw error;
  }
}

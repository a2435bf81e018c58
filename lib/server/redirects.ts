// Where to send a user after sign-in (`?next=`). The value is attacker-controlled (anyone can send
// a link to /login?next=…), so it must never leave the Console's origin. Prefix checks are not
// enough: browsers drop tabs and newlines from URLs and read "\" as "/", so "/\t/evil.example"
// becomes "//evil.example" (another host) on its way to the address bar. Instead the value is
// parsed the way a browser parses it, against a stand-in origin, and kept only when the origin is
// unchanged; what is returned is the parsed, normalised path, never the raw text.

/** Set by proxy.ts on every page request: the path (and query) that was asked for. */
export const REQUESTED_PATH_HEADER = "x-platform-requested-path";

/** The sign-in page, with `next` when the user was on their way to somewhere other than "/". */
export function loginPathFor(requested: string | null | undefined): string {
  const next = safeRedirectPath(requested, "/");
  return next === "/" ? "/login" : `/login?next=${encodeURIComponent(next)}`;
}

// A reserved name (RFC 2606): no real origin can equal it, so "same origin" means "a path of ours".
const BASE = new URL("https://console.invalid");
const MAX_LENGTH = 2048;
// C0 controls, DEL and C1 controls: browsers strip some of them silently and treat others as
// separators, so a path carrying one is refused outright rather than cleaned.
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

/** A same-origin path (with its query and fragment) to redirect to, or `fallback`. */
export function safeRedirectPath(next: unknown, fallback = "/"): string {
  if (typeof next !== "string" || next.length > MAX_LENGTH) return fallback;
  // Only absolute paths: no scheme, no host, no relative path, no leading spaces.
  if (!next.startsWith("/") || CONTROL_CHARACTER.test(next)) return fallback;
  const path = sameOriginPath(next);
  // The result is parsed once more: a path that would itself resolve elsewhere (or differently)
  // the next time a browser reads it is refused.
  if (path === null || sameOriginPath(path) !== path) return fallback;
  return path;
}

function sameOriginPath(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text, BASE);
  } catch {
    return null;
  }
  if (url.origin !== BASE.origin) return null;
  // "/.//evil" and "/a/../\evil" normalise to the path "//evil", which a browser reads as a host.
  if (url.pathname.startsWith("//")) return null;
  return `${url.pathname}${url.search}${url.hash}`;
}

import type { Actor } from "@/lib/server/authz";
import { unauthenticated } from "@/lib/server/errors";

// The signed-in user as the mocked session module reports it. Tests switch users with asUser();
// next-auth itself needs a request context that integration tests do not have.
let current: Actor | null = null;

export function asUser(actor: Actor | null): void {
  current = actor;
}

export function signOut(): void {
  current = null;
}

export async function requireActor(): Promise<Actor> {
  if (!current) throw unauthenticated();
  return current;
}

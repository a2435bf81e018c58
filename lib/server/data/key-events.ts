import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { KEY_EVENTS_CHANNEL, encodeKeyEvent, settleKeyEvent, type KeyEvent } from "@/lib/gateway/key-events";

// The writer's half of instant revocation (lib/gateway/key-events.ts): the NOTIFY goes into the
// writer's own transaction, so every listening verifier hears it exactly when the change commits;
// `settleKeyEvent` then runs after the commit and before the action returns.

/** `SELECT pg_notify(…)` for a batch transaction, next to the write it announces. */
export const notifyKeyEvent = (prisma: Pick<PrismaClient, "$executeRaw">, event: KeyEvent) =>
  prisma.$executeRaw`SELECT pg_notify(${KEY_EVENTS_CHANNEL}, ${encodeKeyEvent(event)})`;

export { settleKeyEvent };

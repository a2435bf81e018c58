import type { Snippet } from "@/components/show-once/secret-field";
import type { ResourceSummary } from "./api-keys-panel";

/** The .env lines a new key goes into: Accelerate's connection string for a database, Optimize's key for both. */
export function keySnippets(resource: ResourceSummary, gatewayHost: string): Snippet[] {
  return [
    ...(resource.kind === "database"
      ? // prisma+postgres:// rather than prisma://: a Prisma Client speaks plain http to it on
        // localhost (the local gateway) and https anywhere else (a gateway behind TLS).
        [{ label: "Accelerate", before: `DATABASE_URL="prisma+postgres://${gatewayHost}/?api_key=`, after: '"' }]
      : []),
    { label: "Optimize", before: 'OPTIMIZE_API_KEY="', after: '"' },
  ];
}

export const KEY_WARNING = (
  <p>API keys are only displayed once when created. Copy the key immediately and store it securely before closing this dialog.</p>
);

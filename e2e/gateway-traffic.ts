// Real traffic through the e2e server's gateway: the example app's Prisma Client 7 (generated from
// examples/accelerate/schema.prisma, the demo storefront's tables) with `accelerateUrl` and a key
// created in the Console, sending queries whose parameters carry `canary` (never to be stored).
import { generateExampleClient } from "../examples/accelerate/generate.mjs";

export const GATEWAY_PORT = process.env.E2E_GATEWAY_PORT || "3211";

export type Traffic = { requests: number; findMany: number; counts: number; errors: number };

export async function sendTraffic(key: string, canary: string, counts = { findMany: 15, count: 5, errors: 2 }): Promise<Traffic> {
  generateExampleClient();
  const { PrismaClient } = await import("../examples/accelerate/generated/client");
  const prisma = new PrismaClient({ accelerateUrl: `prisma+postgres://localhost:${GATEWAY_PORT}/?api_key=${key}` });
  try {
    for (let i = 0; i < counts.findMany; i++) await prisma.product.findMany({ where: { name: { contains: canary } }, take: 20 });
    for (let i = 0; i < counts.count; i++) await prisma.customer.count({ where: { email: `${canary}@example.test` } });
    // A unique violation (P2002) without writing anything: the demo's first product's SKU, again.
    const first = await prisma.product.findFirstOrThrow({ orderBy: { id: "asc" } });
    for (let i = 0; i < counts.errors; i++) {
      await prisma.product.update({ where: { id: first.id + 1 }, data: { sku: first.sku } }).catch((error: { code?: string }) => {
        if (error.code !== "P2002") throw error;
      });
    }
    // + GET /connection-info, + the findFirst.
    return { requests: 1 + counts.findMany + counts.count + 1 + counts.errors, findMany: counts.findMany, counts: counts.count, errors: counts.errors };
  } finally {
    await prisma.$disconnect();
  }
}

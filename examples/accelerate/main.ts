// The example app: a Prisma Client 7 given the Console's snippet, exactly as copied:
//
//   DATABASE_URL="prisma+postgres://localhost:4466/?api_key=pcsk_…"
//
// It lists the storefront's products with the orders they appear in, counts customers and orders in
// one batch transaction, and places an order in an interactive transaction (the stock check fails
// it, and rolls it back, once a product runs out). A refused key (P6002: deleted, mistyped) ends it
// with a clear message and exit code 1.
import { PrismaClient } from "./generated/client";

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl?.startsWith("prisma+postgres://") && !databaseUrl?.startsWith("prisma://")) {
  console.error(
    'Set DATABASE_URL to the snippet the Console shows for storefront-db\'s API key: DATABASE_URL="prisma+postgres://localhost:4466/?api_key=…"',
  );
  process.exit(2);
}

const prisma = new PrismaClient({ accelerateUrl: databaseUrl });
const money = (cents: number) => `$${(cents / 100).toFixed(2)}`;

async function main() {
  const products = await prisma.product.findMany({
    orderBy: { id: "asc" },
    include: { orderItems: { include: { order: { select: { number: true, customer: { select: { name: true } } } } } } },
  });
  console.log(`Products (${products.length}):`);
  for (const product of products) {
    const orders = product.orderItems.map((item) => `${item.order.number} ${item.order.customer.name} ×${item.quantity}`);
    console.log(`  ${product.sku.padEnd(8)} ${product.name.padEnd(20)} ${money(product.priceCents).padStart(7)}  stock ${String(product.stock).padStart(3)}  orders: ${orders.join(", ") || "none"}`);
  }

  const [customers, orders] = await prisma.$transaction([prisma.customer.count(), prisma.order.count()]);
  console.log(`Customers: ${customers}, orders: ${orders}`);

  const placed = await prisma.$transaction(async (tx) => {
    const customer = await tx.customer.findFirstOrThrow({ orderBy: { id: "asc" } });
    const product = await tx.product.update({ where: { sku: "STK-001" }, data: { stock: { decrement: 1 } } });
    if (product.stock < 0) throw new Error(`${product.name} is sold out: the order was rolled back.`);
    return tx.order.create({
      data: {
        number: `EX-${Date.now().toString(36).toUpperCase()}`,
        customerId: customer.id,
        items: { create: { productId: product.id, quantity: 1, priceCents: product.priceCents } },
      },
      include: { customer: true, items: { include: { product: true } } },
    });
  });
  const [item] = placed.items;
  console.log(`Placed order ${placed.number} for ${placed.customer.name}: 1 × ${item?.product.name} (stock now ${item?.product.stock}), in one interactive transaction.`);
}

try {
  await main();
} catch (error) {
  const { code, message } = error as { code?: string; message?: string };
  if (code === "P6002") {
    console.error(`The gateway refused the API key (P6002): ${message?.split("\n").pop()?.trim()}`);
    console.error("The key was deleted or is wrong: create a key for storefront-db in the Console and copy its snippet again.");
  } else console.error(`The example failed${code ? ` (${code})` : ""}: ${message ?? String(error)}`);
  process.exitCode = 1;
} finally {
  await prisma.$disconnect();
}

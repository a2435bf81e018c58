// The demo database's storefront: its schema (what `prisma migrate` would create from
// examples/accelerate/schema.prisma; keep the two in step) and a few rows, for the embedded demo
// database (PGlite, lib/gateway/demo-database.ts) and the `<db>_demo` database the seed creates on a
// PostgreSQL server (lib/server/demo-database.ts). Framework-free plain SQL.
//
// Idempotent: the tables are created if missing, and the rows are written only into an empty
// storefront, so a restart (or a second seed) changes nothing and never duplicates a row.

export const STOREFRONT_SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS "Customer" (
  "id" SERIAL NOT NULL,
  "email" TEXT NOT NULL,
  "name" TEXT NOT NULL,
  "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "Customer_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX IF NOT EXISTS "Customer_email_key" ON "Customer"("email");

CREATE TABLE IF NOT EXISTS "Product" (
  "id" SERIAL NOT NULL,
  "sku" TEXT NOT NULL,
  "name" TEXT NOT NULL,
  "priceCents" INTEGER NOT NULL,
  "stock" INTEGER NOT NULL DEFAULT 0,
  CONSTRAINT "Product_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX IF NOT EXISTS "Product_sku_key" ON "Product"("sku");

CREATE TABLE IF NOT EXISTS "Order" (
  "id" SERIAL NOT NULL,
  "number" TEXT NOT NULL,
  "customerId" INTEGER NOT NULL,
  "status" TEXT NOT NULL DEFAULT 'paid',
  "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "Order_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "Order_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE UNIQUE INDEX IF NOT EXISTS "Order_number_key" ON "Order"("number");

CREATE TABLE IF NOT EXISTS "OrderItem" (
  "id" SERIAL NOT NULL,
  "orderId" INTEGER NOT NULL,
  "productId" INTEGER NOT NULL,
  "quantity" INTEGER NOT NULL,
  "priceCents" INTEGER NOT NULL,
  CONSTRAINT "OrderItem_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "OrderItem_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "OrderItem_productId_fkey" FOREIGN KEY ("productId") REFERENCES "Product"("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
`;

export const STOREFRONT_PRODUCTS = [
  ["MUG-001", "Stoneware mug", 1400, 120],
  ["TEE-001", "Organic cotton tee", 2500, 80],
  ["CAP-001", "Canvas cap", 1900, 45],
  ["BAG-001", "Tote bag", 1600, 60],
  ["NTB-001", "Dot-grid notebook", 1200, 200],
  ["PEN-001", "Brass pen", 3200, 30],
  ["STK-001", "Sticker pack", 500, 500],
  ["HOD-001", "Zip hoodie", 5900, 25],
] as const;

export const STOREFRONT_CUSTOMERS = [
  ["ada@example.com", "Ada Lovelace"],
  ["grace@example.com", "Grace Hopper"],
  ["alan@example.com", "Alan Turing"],
  ["edsger@example.com", "Edsger Dijkstra"],
] as const;

/** [order number, customer email, status, created at, [sku, quantity][]] */
export const STOREFRONT_ORDERS = [
  ["SO-1001", "ada@example.com", "shipped", "2026-11-02T10:15:00Z", [["MUG-001", 2], ["NTB-001", 1]]],
  ["SO-1002", "grace@example.com", "shipped", "2026-11-05T16:40:00Z", [["TEE-001", 1], ["CAP-001", 1], ["STK-001", 3]]],
  ["SO-1003", "alan@example.com", "paid", "2026-11-20T08:05:00Z", [["PEN-001", 1]]],
  ["SO-1004", "ada@example.com", "paid", "2026-11-28T19:30:00Z", [["HOD-001", 1], ["BAG-001", 2]]],
  ["SO-1005", "edsger@example.com", "pending", "2026-11-30T12:00:00Z", [["NTB-001", 4], ["PEN-001", 2]]],
] as const;

const text = (value: string) => `'${value.replace(/'/g, "''")}'`;

/** The rows as INSERT statements (constants only: no value comes from outside this file). */
export function storefrontRowsSql(): string {
  const products = STOREFRONT_PRODUCTS.map(([sku, name, price, stock]) => `(${text(sku)}, ${text(name)}, ${price}, ${stock})`);
  const customers = STOREFRONT_CUSTOMERS.map(([email, name]) => `(${text(email)}, ${text(name)})`);
  const orders = STOREFRONT_ORDERS.map(
    ([number, email, status, at]) =>
      `INSERT INTO "Order" ("number", "customerId", "status", "createdAt") SELECT ${text(number)}, "id", ${text(status)}, ${text(at)}::timestamptz AT TIME ZONE 'UTC' FROM "Customer" WHERE "email" = ${text(email)};`,
  );
  const items = STOREFRONT_ORDERS.flatMap(([number, , , , lines]) =>
    lines.map(
      ([sku, quantity]) =>
        `INSERT INTO "OrderItem" ("orderId", "productId", "quantity", "priceCents") SELECT o."id", p."id", ${quantity}, p."priceCents" FROM "Order" o, "Product" p WHERE o."number" = ${text(number)} AND p."sku" = ${text(sku)};`,
    ),
  );
  return [
    `INSERT INTO "Product" ("sku", "name", "priceCents", "stock") VALUES ${products.join(", ")};`,
    `INSERT INTO "Customer" ("email", "name") VALUES ${customers.join(", ")};`,
    ...orders,
    ...items,
  ].join("\n");
}

/** Runs SQL text that may hold several statements (PGlite's exec, node-postgres's simple query). */
export type SqlRunner = {
  exec(sql: string): Promise<unknown>;
  query<Row>(sql: string): Promise<{ rows: Row[] }>;
};

/** Creates the storefront's tables if missing and fills an empty storefront; returns whether it wrote rows. */
export async function seedStorefront(database: SqlRunner): Promise<boolean> {
  await database.exec(STOREFRONT_SCHEMA_SQL);
  const { rows } = await database.query<{ count: number | string }>(`SELECT count(*)::int AS "count" FROM "Product"`);
  if (Number(rows[0]?.count ?? 0) > 0) return false;
  try {
    await database.exec(`BEGIN;\n${storefrontRowsSql()}\nCOMMIT;`);
  } catch (error) {
    await database.exec("ROLLBACK").catch(() => {});
    throw error;
  }
  return true;
}

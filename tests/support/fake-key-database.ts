// An in-memory stand-in for the verifier's database in unit tests: answers the two statements of
// ./store.ts from a Map, counts queries, and can be made to fail or to hold a query until released.
import { digestApiKey, generateApiKey } from "@/lib/keys/api-key";
import type { Queryable } from "@/lib/gateway/store";

type Row = {
  id: string;
  resourceId: string;
  workspaceId: string;
  projectId: string;
  kind: string;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  permission: "READ_WRITE" | "READ_ONLY";
};

export class FakeDatabase implements Queryable {
  readonly rows = new Map<string, Row>();
  queries = 0;
  updates: { keyIds: string[]; at: string }[] = [];
  failing = false;
  private held: (() => void)[] = [];
  holding = false;

  addKey(overrides: Partial<Row> = {}): { plaintext: string; row: Row } {
    const { plaintext } = generateApiKey();
    const row: Row = {
      id: `key_${this.rows.size.toString().padStart(16, "0")}`,
      resourceId: "db_0000000000000001",
      workspaceId: "wksp_000000000000001",
      projectId: "proj_000000000000001",
      kind: "DATABASE",
      lastUsedAt: null,
      expiresAt: null,
      permission: "READ_WRITE",
      ...overrides,
    };
    this.rows.set(digestApiKey(plaintext), row);
    return { plaintext, row };
  }

  removeKey(keyId: string): void {
    for (const [digest, row] of this.rows) if (row.id === keyId) this.rows.delete(digest);
  }

  /** Lets held queries finish. */
  release(): void {
    this.holding = false;
    for (const resume of this.held.splice(0)) resume();
  }

  async query<R>(text: string, params: unknown[] = []): Promise<{ rows: R[] }> {
    this.queries++;
    if (this.holding) await new Promise<void>((resolve) => this.held.push(resolve));
    if (this.failing) throw new Error("connect ECONNREFUSED 127.0.0.1:5432");
    if (text.includes("UPDATE")) {
      this.updates.push({ keyIds: params[0] as string[], at: params[1] as string });
      return { rows: [] };
    }
    const row = this.rows.get(params[0] as string);
    return { rows: (row ? [{ ...row }] : []) as R[] };
  }
}

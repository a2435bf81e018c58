import { inject } from "vitest";

// The database the global setup created for this run. Set before any test opens the database,
// since db() reads DATABASE_URL once, on first use.
const url = inject("testDatabaseUrl");
if (!url) throw new Error("The postgres global setup did not provide a test database URL.");
process.env.DATABASE_URL = url;

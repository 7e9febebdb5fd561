// PostgreSQL for tests: the machine's server at 127.0.0.1:5432 (database test), a schema of this run's
// own (dropped at the end), and a visible reason when the server cannot be reached.
import pg from "pg";
import { afterAll } from "vitest";

export interface TestPostgres {
  /** Why PostgreSQL tests are skipped, or undefined when the server answers. */
  skipReason: string | undefined;
  /** This run's schema; further schemas starting with its name are dropped at the end too. */
  schema: string;
  /** A STORE_URL for the given schema (default: this run's). */
  url(schema?: string): string;
}

const user = process.env.PGUSER ?? "postgres";
export const POSTGRES_BASE = `postgres://${user}@127.0.0.1:5432/test`;

async function unavailable(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: POSTGRES_BASE, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message || error.name : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Call at the top level of a test file; registers the schema clean-up. */
export async function usePostgres(what: string): Promise<TestPostgres> {
  const schema = `babelgram_test_${process.pid}_${Math.floor(Math.random() * 1e9)}`;
  const skipReason = await unavailable();
  if (skipReason !== undefined) {
    console.warn(`${what} skipped: cannot reach ${POSTGRES_BASE} (${skipReason})`);
  }
  afterAll(async () => {
    if (skipReason !== undefined) return;
    const client = new pg.Client({ connectionString: POSTGRES_BASE });
    await client.connect();
    const schemas = await client.query<{ nspname: string }>(
      "SELECT nspname FROM pg_namespace WHERE nspname LIKE $1",
      [`${schema}%`],
    );
    for (const { nspname } of schemas.rows) await client.query(`DROP SCHEMA "${nspname}" CASCADE`);
    await client.end();
  });
  return {
    skipReason,
    schema,
    url: (name = schema) => `${POSTGRES_BASE}?schema=${name}`,
  };
}

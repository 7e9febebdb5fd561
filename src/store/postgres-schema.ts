// The PostgreSQL store's tables, created and migrated by babelgram: versions are rows of
// <schema>.schema_migrations, applied in one transaction under pg_advisory_xact_lock, so instances
// starting at once take turns and the later ones find nothing left to do.
import type { Pool, PoolClient } from "pg";

/** Migration n (1-based) brings the schema from version n-1 to n; {s} is the schema. Never edit one that shipped. */
const MIGRATIONS = [
  `CREATE TABLE {s}.chat_settings (
     chat_id bigint PRIMARY KEY,
     settings jsonb NOT NULL,
     updated_at bigint NOT NULL
   )`,
  `CREATE TABLE {s}.update_claims (
     update_id bigint PRIMARY KEY,
     state text NOT NULL CHECK (state IN ('leased', 'done')),
     expires_at bigint NOT NULL
   );
   CREATE INDEX update_claims_expiry ON {s}.update_claims (expires_at);
   CREATE TABLE {s}.translation_cache (
     key text PRIMARY KEY,
     text text NOT NULL,
     source text NOT NULL,
     expires_at bigint NOT NULL
   );
   CREATE INDEX translation_cache_expiry ON {s}.translation_cache (expires_at);
   CREATE TABLE {s}.reply_links (
     chat_id bigint NOT NULL,
     message_id bigint NOT NULL,
     reply_ids bigint[] NOT NULL,
     expires_at bigint NOT NULL,
     PRIMARY KEY (chat_id, message_id)
   );
   CREATE INDEX reply_links_expiry ON {s}.reply_links (expires_at);
   CREATE TABLE {s}.usage_counters (
     kind text NOT NULL CHECK (kind IN ('chat', 'user')),
     subject_id bigint NOT NULL,
     day text NOT NULL,
     characters bigint NOT NULL,
     requests bigint NOT NULL,
     expires_at bigint NOT NULL,
     PRIMARY KEY (kind, subject_id, day)
   );
   CREATE INDEX usage_counters_expiry ON {s}.usage_counters (expires_at);`,
  `CREATE TABLE {s}.counters (
     name text PRIMARY KEY,
     value bigint NOT NULL,
     expires_at bigint NOT NULL
   );
   CREATE INDEX counters_expiry ON {s}.counters (expires_at);
   ALTER TABLE {s}.translation_cache ADD COLUMN provider text;`,
];

/** First half of the advisory lock key ("bgrm"); the second is hashtext(schema). */
const MIGRATION_LOCK = 0x6267726d;

/** The version the migrations bring a schema to. */
export const LATEST_VERSION = MIGRATIONS.length;

/** The schema's name as SQL writes it (it is checked to be lowercase letters, digits and _). */
export const quotedSchema = (schema: string) => `"${schema}"`;

/** The schema's version: 0 before the first migration. */
export async function schemaVersion(client: Pool | PoolClient, schema: string): Promise<number> {
  const s = quotedSchema(schema);
  const table = await client.query<{ table: string | null }>(
    "SELECT to_regclass($1)::text AS table",
    [`${s}.schema_migrations`],
  );
  if (table.rows[0]?.table == null) return 0;
  const result = await client.query<{ version: number | null }>(
    `SELECT max(version) AS version FROM ${s}.schema_migrations`,
  );
  return result.rows[0]?.version ?? 0;
}

/** Creates the schema when it is missing and applies the migrations it has not had. */
export async function migrateSchema(
  pool: Pool,
  schema: string,
): Promise<{ from: number; to: number }> {
  const s = quotedSchema(schema);
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT pg_advisory_xact_lock($1, hashtext($2))", [MIGRATION_LOCK, schema]);
    const exists = await client.query("SELECT 1 FROM pg_namespace WHERE nspname = $1", [schema]);
    if (exists.rowCount === 0) await client.query(`CREATE SCHEMA ${s}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${s}.schema_migrations (
         version integer PRIMARY KEY,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    const from = await schemaVersion(client, schema);
    for (let index = from; index < MIGRATIONS.length; index++) {
      await client.query(MIGRATIONS[index]!.replaceAll("{s}", s));
      await client.query(`INSERT INTO ${s}.schema_migrations (version) VALUES ($1)`, [index + 1]);
    }
    await client.query("COMMIT");
    return { from, to: Math.max(from, MIGRATIONS.length) };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

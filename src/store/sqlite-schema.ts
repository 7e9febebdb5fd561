// The SQLite store's tables: the migrations that make them, their version kept in PRAGMA
// user_version, and which tables hold rows that expire.
import type Database from "better-sqlite3";

/** Migration n (1-based) brings the schema from version n-1 to n. Never edit one that shipped. */
const MIGRATIONS = [
  `CREATE TABLE chat_settings (
     chat_id INTEGER PRIMARY KEY,
     settings TEXT NOT NULL,
     updated_at INTEGER NOT NULL
   )`,
  `CREATE TABLE update_claims (
     update_id INTEGER PRIMARY KEY,
     state TEXT NOT NULL CHECK (state IN ('leased', 'done')),
     expires_at INTEGER NOT NULL
   );
   CREATE INDEX update_claims_expiry ON update_claims (expires_at);
   CREATE TABLE translation_cache (
     key TEXT PRIMARY KEY,
     text TEXT NOT NULL,
     source TEXT NOT NULL,
     expires_at INTEGER NOT NULL
   );
   CREATE INDEX translation_cache_expiry ON translation_cache (expires_at);
   CREATE TABLE reply_links (
     chat_id INTEGER NOT NULL,
     message_id INTEGER NOT NULL,
     reply_ids TEXT NOT NULL,
     expires_at INTEGER NOT NULL,
     PRIMARY KEY (chat_id, message_id)
   );
   CREATE INDEX reply_links_expiry ON reply_links (expires_at);
   CREATE TABLE usage_counters (
     kind TEXT NOT NULL CHECK (kind IN ('chat', 'user')),
     subject_id INTEGER NOT NULL,
     day TEXT NOT NULL,
     characters INTEGER NOT NULL,
     requests INTEGER NOT NULL,
     expires_at INTEGER NOT NULL,
     PRIMARY KEY (kind, subject_id, day)
   );
   CREATE INDEX usage_counters_expiry ON usage_counters (expires_at);`,
  `CREATE TABLE counters (
     name TEXT PRIMARY KEY,
     value INTEGER NOT NULL,
     expires_at INTEGER NOT NULL
   );
   CREATE INDEX counters_expiry ON counters (expires_at);
   ALTER TABLE translation_cache ADD COLUMN provider TEXT;`,
];

/** Tables whose rows carry expires_at, purged now and then. */
export const EXPIRING_TABLES = [
  "update_claims",
  "translation_cache",
  "reply_links",
  "usage_counters",
  "counters",
];

/** The version the migrations bring a database to. */
export const LATEST_VERSION = MIGRATIONS.length;

/** The database's version: 0 before the first migration. */
export const schemaVersion = (db: Database.Database) =>
  db.pragma("user_version", { simple: true }) as number;

/**
 * Applies the migrations the database has not had, in one transaction; callers run it IMMEDIATE
 * (`.immediate()`), so that two processes opening one file at once take turns.
 */
export function schemaMigration(db: Database.Database) {
  return db.transaction(() => {
    const from = schemaVersion(db);
    for (const [index, sql] of MIGRATIONS.entries()) if (index >= from) db.exec(sql);
    if (from < MIGRATIONS.length) db.pragma(`user_version = ${MIGRATIONS.length}`);
    return { from, to: Math.max(from, MIGRATIONS.length) };
  });
}

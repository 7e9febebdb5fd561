// PostgreSQL store (pg, with a pool): for several instances sharing one database.
// STORE_URL=postgres://user:password@host:5432/db[?schema=name&sslmode=…]; `schema` (default public)
// is babelgram's own, the rest goes to pg unchanged (postgres-url.ts). The tables and their
// migrations are in postgres-schema.ts. Times are epoch milliseconds from the store's clock.
import { StoreError } from "../errors.js";
import {
  checkCounter,
  checkDay,
  checkMs,
  checkUsage,
  FINISHED_KEEP_MS,
  PURGE_EVERY_MS,
  REPLY_LINK_KEEP_MS,
  safeCause,
  translationKeyHash,
  USAGE_KEEP_MS,
  usageSubject,
  utcDay,
} from "./common.js";
import { LATEST_VERSION, migrateSchema, quotedSchema, schemaVersion } from "./postgres-schema.js";
import { parsePostgresUrl } from "./postgres-url.js";
import type {
  ChatSettings,
  ClaimResult,
  OpenStoreOptions,
  Store,
  StoreInfo,
  Usage,
} from "./types.js";

export { parsePostgresUrl, type PostgresTarget } from "./postgres-url.js";

const count = (value: unknown) => Number(value);

export async function openPostgresStore(
  url: string,
  options: OpenStoreOptions = {},
): Promise<Store> {
  const now = options.now ?? Date.now;
  const target = parsePostgresUrl(url);
  const secrets = [target.password, encodeURIComponent(target.password)].filter((s) => s !== "");
  const s = quotedSchema(target.schema);
  // Imported here, not at the top: esbuild's ESM bundle (the CLI) hoists a static import of an
  // external package to the bundle's start, which would load pg for every store.
  const { default: pg } = await import("pg");
  const pool = new pg.Pool({
    connectionString: target.connectionString,
    max: 10,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle connection that breaks (server restart) is dropped by the pool; the next query
  // reconnects or fails with a StoreError. Without a listener the error would end the process.
  pool.on("error", () => undefined);

  async function guard<T>(what: string, action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      if (error instanceof StoreError) throw error;
      throw new StoreError({
        message: `PostgreSQL store (${target.location}) failed to ${what}`,
        cause: safeCause(error, secrets),
      });
    }
  }

  let lastPurge = now();
  async function purgeNowAndThen(at: number): Promise<void> {
    if (at - lastPurge < PURGE_EVERY_MS) return;
    lastPurge = at;
    await pool.query(
      `WITH claims AS (DELETE FROM ${s}.update_claims WHERE expires_at <= $1),
            cache AS (DELETE FROM ${s}.translation_cache WHERE expires_at <= $1),
            links AS (DELETE FROM ${s}.reply_links WHERE expires_at <= $1),
            usage AS (DELETE FROM ${s}.usage_counters WHERE expires_at <= $1),
            counters AS (DELETE FROM ${s}.counters WHERE expires_at <= $1)
       SELECT 1`,
      [at],
    );
  }

  async function claim(updateId: number, leaseMs: number): Promise<ClaimResult> {
    // A live entry can vanish or expire between the two statements (released, or its lease ran
    // out): then try again, and the entry found is decisive.
    for (let attempt = 0; attempt < 5; attempt++) {
      const at = now();
      if (attempt === 0) await purgeNowAndThen(at);
      const taken = await pool.query(
        `INSERT INTO ${s}.update_claims AS c (update_id, state, expires_at) VALUES ($1, 'leased', $2)
         ON CONFLICT (update_id) DO UPDATE SET state = 'leased', expires_at = EXCLUDED.expires_at
         WHERE c.expires_at <= $3
         RETURNING c.update_id`,
        [updateId, at + leaseMs, at],
      );
      if (taken.rowCount === 1) return "claimed";
      const current = await pool.query<{ state: string }>(
        `SELECT state FROM ${s}.update_claims WHERE update_id = $1 AND expires_at > $2`,
        [updateId, at],
      );
      const state = current.rows[0]?.state;
      if (state !== undefined) return state === "done" ? "done" : "busy";
    }
    return "busy";
  }

  async function info(): Promise<StoreInfo> {
    return {
      backend: "postgres",
      location: target.location,
      schemaVersion: await schemaVersion(pool, target.schema),
      latestVersion: LATEST_VERSION,
    };
  }

  const store: Store = {
    getChatSettings: (chatId) =>
      guard("read chat settings", async () => {
        const result = await pool.query<{ settings: ChatSettings }>(
          `SELECT settings FROM ${s}.chat_settings WHERE chat_id = $1`,
          [chatId],
        );
        return result.rows[0]?.settings ?? {};
      }),
    updateChatSettings: (chatId, patch) =>
      guard("write chat settings", async () => {
        const entries = Object.entries(patch);
        const set = Object.fromEntries(entries.filter(([, value]) => value !== undefined));
        const removed = entries.filter(([, value]) => value === undefined).map(([field]) => field);
        await pool.query(
          `INSERT INTO ${s}.chat_settings AS c (chat_id, settings, updated_at)
           VALUES ($1, $2::jsonb, $4)
           ON CONFLICT (chat_id) DO UPDATE
           SET settings = (c.settings || $2::jsonb) - $3::text[], updated_at = EXCLUDED.updated_at`,
          [chatId, JSON.stringify(set), removed, now()],
        );
      }),

    claimUpdate: (updateId, { leaseMs }) =>
      guard("claim an update", () => claim(updateId, checkMs("leaseMs", leaseMs))),
    finishUpdate: (updateId) =>
      guard("finish an update", async () => {
        await pool.query(
          `INSERT INTO ${s}.update_claims (update_id, state, expires_at) VALUES ($1, 'done', $2)
           ON CONFLICT (update_id) DO UPDATE SET state = 'done', expires_at = EXCLUDED.expires_at`,
          [updateId, now() + FINISHED_KEEP_MS],
        );
      }),
    releaseUpdate: (updateId) =>
      guard("release an update", async () => {
        await pool.query(
          `DELETE FROM ${s}.update_claims WHERE update_id = $1 AND state = 'leased'`,
          [updateId],
        );
      }),

    getTranslation: (key) =>
      guard("read the translation cache", async () => {
        const result = await pool.query<{ text: string; source: string; provider: string | null }>(
          `SELECT text, source, provider FROM ${s}.translation_cache
           WHERE key = $1 AND expires_at > $2`,
          [translationKeyHash(key), now()],
        );
        const row = result.rows[0];
        if (row === undefined) return undefined;
        const { provider, ...found } = row;
        return provider === null ? found : { ...found, provider };
      }),
    putTranslation: (key, translation, { ttlMs }) =>
      guard("write the translation cache", async () => {
        const at = now();
        const expiresAt = at + checkMs("ttlMs", ttlMs);
        await purgeNowAndThen(at);
        await pool.query(
          `INSERT INTO ${s}.translation_cache (key, text, source, provider, expires_at)
           VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (key) DO UPDATE
           SET text = EXCLUDED.text, source = EXCLUDED.source, provider = EXCLUDED.provider,
               expires_at = EXCLUDED.expires_at`,
          [
            translationKeyHash(key),
            translation.text,
            translation.source,
            translation.provider ?? null,
            expiresAt,
          ],
        );
      }),

    linkReplies: (chatId, messageId, replyIds, options = {}) =>
      guard("record reply links", async () => {
        const at = now();
        const expiresAt = at + checkMs("ttlMs", options.ttlMs ?? REPLY_LINK_KEEP_MS);
        await purgeNowAndThen(at);
        await pool.query(
          `INSERT INTO ${s}.reply_links (chat_id, message_id, reply_ids, expires_at)
           VALUES ($1, $2, $3::bigint[], $4)
           ON CONFLICT (chat_id, message_id) DO UPDATE
           SET reply_ids = EXCLUDED.reply_ids, expires_at = EXCLUDED.expires_at`,
          [chatId, messageId, [...replyIds], expiresAt],
        );
      }),
    getReplies: (chatId, messageId) =>
      guard("read reply links", async () => {
        const result = await pool.query<{ reply_ids: string[] }>(
          `SELECT reply_ids FROM ${s}.reply_links
           WHERE chat_id = $1 AND message_id = $2 AND expires_at > $3`,
          [chatId, messageId, now()],
        );
        return (result.rows[0]?.reply_ids ?? []).map(count);
      }),

    addUsage: ({ chatId, userId, characters, requests }) =>
      guard("count usage", async () => {
        checkUsage({ characters, requests });
        const at = now();
        await purgeNowAndThen(at);
        // Both counters in one statement: one round trip, and atomic together.
        const result = await pool.query<{ kind: string; characters: string; requests: string }>(
          `INSERT INTO ${s}.usage_counters AS u
             (kind, subject_id, day, characters, requests, expires_at)
           VALUES ('chat', $1, $3, $4, $5, $6), ('user', $2, $3, $4, $5, $6)
           ON CONFLICT (kind, subject_id, day) DO UPDATE
           SET characters = u.characters + EXCLUDED.characters,
               requests = u.requests + EXCLUDED.requests,
               expires_at = EXCLUDED.expires_at
           RETURNING kind, characters, requests`,
          [chatId, userId, utcDay(at), characters, requests, at + USAGE_KEEP_MS],
        );
        const total = (kind: string): Usage => {
          const row = result.rows.find((candidate) => candidate.kind === kind);
          return { characters: count(row?.characters), requests: count(row?.requests) };
        };
        return { chat: total("chat"), user: total("user") };
      }),
    getUsage: (subject, day) =>
      guard("read usage", async () => {
        const { kind, id } = usageSubject(subject);
        const at = now();
        const result = await pool.query<{ characters: string; requests: string }>(
          `SELECT characters, requests FROM ${s}.usage_counters
           WHERE kind = $1 AND subject_id = $2 AND day = $3 AND expires_at > $4`,
          [kind, id, checkDay(day ?? utcDay(at)), at],
        );
        const row = result.rows[0];
        return row === undefined
          ? { characters: 0, requests: 0 }
          : { characters: count(row.characters), requests: count(row.requests) };
      }),

    addToCounter: (name, amount, { ttlMs }) =>
      guard("count", async () => {
        checkCounter(name, amount);
        const at = now();
        const expiresAt = at + checkMs("ttlMs", ttlMs);
        await purgeNowAndThen(at);
        // One statement: atomic, and an expired row starts again from the amount.
        const result = await pool.query<{ value: string }>(
          `INSERT INTO ${s}.counters AS c (name, value, expires_at) VALUES ($1, $2, $3)
           ON CONFLICT (name) DO UPDATE
           SET value = CASE WHEN c.expires_at <= $4 THEN EXCLUDED.value
                            ELSE c.value + EXCLUDED.value END,
               expires_at = EXCLUDED.expires_at
           RETURNING value`,
          [name, amount, expiresAt, at],
        );
        return count(result.rows[0]?.value);
      }),
    getCounter: (name) =>
      guard("read a counter", async () => {
        checkCounter(name);
        const result = await pool.query<{ value: string }>(
          `SELECT value FROM ${s}.counters WHERE name = $1 AND expires_at > $2`,
          [name, now()],
        );
        return count(result.rows[0]?.value ?? 0);
      }),

    info: () => guard("read the schema version", info),
    migrate: () => guard("migrate the schema", () => migrateSchema(pool, target.schema)),
    close: () => guard("close", () => pool.end()),
  };

  if (options.migrate ?? true) {
    try {
      const { schemaVersion, latestVersion } = await store.info();
      if (schemaVersion < latestVersion) await store.migrate();
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw error;
    }
  }
  return store;
}

// SQLite store (better-sqlite3): the embedded default for one machine. WAL mode so that readers
// never wait for the writer; the schema version is kept in PRAGMA user_version. Every change that
// reads before it writes runs in an IMMEDIATE transaction, so several processes sharing the file
// stay correct (busy_timeout makes them wait for each other). The tables are in sqlite-schema.ts.
//
// Group commit: the changes made in one turn of the event loop share one transaction, committed
// when the turn ends; each change's promise settles once its commit has (or has not) happened. A
// commit costs far more than the statements in it (locks, and WAL frames of whole pages), and a
// busy bot makes several changes per update for many updates at once. This process's reads see
// its changes at once; other processes see them once committed, when callers learn of them too.
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type Database from "better-sqlite3";
import { StoreError } from "../errors.js";
import {
  checkCounter,
  checkDay,
  checkMs,
  checkUsage,
  FINISHED_KEEP_MS,
  mergeSettings,
  PURGE_EVERY_MS,
  REPLY_LINK_KEEP_MS,
  translationKeyHash,
  USAGE_KEEP_MS,
  usageSubject,
  utcDay,
} from "./common.js";
import {
  EXPIRING_TABLES,
  LATEST_VERSION,
  schemaMigration,
  schemaVersion,
} from "./sqlite-schema.js";
import type { SqliteDriver } from "./sqlite-driver.js";
import type { ChatSettings, ClaimResult, OpenStoreOptions, Store, Usage } from "./types.js";

/**
 * The commits of every store in this process with a transaction open. Before a store opens one (or
 * migrates), the others commit theirs: two connections of one process to the same file would
 * otherwise wait for each other's write lock, and neither can let go while the other waits.
 */
const openBatches = new Set<() => void>();

function commitOthers(mine?: () => void): void {
  for (const commitBatch of openBatches) if (commitBatch !== mine) commitBatch();
}

export interface OpenSqliteStoreOptions extends OpenStoreOptions {
  /** better-sqlite3 as this Node needs it: loadSqliteDriver() (sqlite-driver.ts). */
  driver: SqliteDriver;
}

export function openSqliteStore(path: string, options: OpenSqliteStoreOptions): Store {
  const now = options.now ?? Date.now;

  function fail(what: string, error: unknown): StoreError {
    if (error instanceof StoreError) return error;
    return new StoreError({ message: `SQLite store at ${path} failed to ${what}`, cause: error });
  }
  function guard<T>(what: string, action: () => T): Promise<T> {
    try {
      return Promise.resolve(action());
    } catch (error) {
      return Promise.reject(fail(what, error));
    }
  }

  // The writes of the current turn: their transaction is open until commit() runs.
  let batch: Array<(error: unknown) => void> | undefined;

  /** Ends the current turn's transaction and tells its writes how it went. */
  function commit(): void {
    const settle = batch;
    batch = undefined;
    openBatches.delete(commit);
    if (settle === undefined) return;
    let error: unknown;
    try {
      // A failure that rolls the whole transaction back (a full disk, an I/O error) ends it early.
      if (db.inTransaction) db.exec("COMMIT");
      else error = new Error("the transaction was rolled back");
    } catch (thrown) {
      error = thrown;
      try {
        if (db.inTransaction) db.exec("ROLLBACK");
      } catch {
        // Nothing more to undo.
      }
    }
    for (const done of settle) done(error);
  }

  /** Runs a change within the current turn's transaction; settles once it is committed. */
  function write<T>(what: string, action: () => T): Promise<T> {
    let result: T;
    try {
      if (batch !== undefined && !db.inTransaction) commit(); // rolled back: its writes fail
      if (batch === undefined) {
        commitOthers(commit);
        db.exec("BEGIN IMMEDIATE");
        batch = [];
        openBatches.add(commit);
        setImmediate(commit);
      }
      // A change that is a transaction of its own becomes a savepoint of this one.
      result = action();
    } catch (error) {
      return Promise.reject(fail(what, error));
    }
    return new Promise<T>((resolve, reject) => {
      batch?.push((error) => (error === undefined ? resolve(result) : reject(fail(what, error))));
    });
  }

  let db: Database.Database;
  try {
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    db = new options.driver(path);
    db.pragma("journal_mode = WAL");
    // In WAL mode NORMAL syncs at checkpoints, not at every commit: a killed process loses nothing
    // (commits are in the OS's cache), only a power cut may drop the last few, and the event loop is
    // not blocked on an fsync per claim.
    db.pragma("synchronous = NORMAL");
    db.pragma("busy_timeout = 5000");
  } catch (error) {
    throw new StoreError({ message: `cannot open SQLite database at ${path}`, cause: error });
  }

  const migrate = schemaMigration(db);
  if (options.migrate ?? true) {
    try {
      commitOthers();
      migrate.immediate();
    } catch (error) {
      db.close();
      throw new StoreError({ message: `cannot migrate SQLite database at ${path}`, cause: error });
    }
  }

  // Statements are prepared on first use: preparing checks that the tables exist, and a store
  // opened without migrating must still be able to report its version.
  const prepared = new Map<string, Database.Statement>();
  function sql<P extends unknown[] = unknown[], R = unknown>(text: string) {
    let statement = prepared.get(text);
    if (statement === undefined) {
      statement = db.prepare(text);
      prepared.set(text, statement);
    }
    return statement as unknown as Database.Statement<P, R>;
  }

  let lastPurge = now();
  function purgeNowAndThen(at: number): void {
    if (at - lastPurge < PURGE_EVERY_MS) return;
    lastPurge = at;
    for (const table of EXPIRING_TABLES) {
      sql<[number]>(`DELETE FROM ${table} WHERE expires_at <= ?`).run(at);
    }
  }

  const readSettings = (chatId: number): ChatSettings => {
    const row = sql<[number], { settings: string }>(
      "SELECT settings FROM chat_settings WHERE chat_id = ?",
    ).get(chatId);
    return row === undefined ? {} : (JSON.parse(row.settings) as ChatSettings);
  };
  const updateSettings = db.transaction((chatId: number, patch: ChatSettings) => {
    const merged = mergeSettings(readSettings(chatId), patch);
    sql<[number, string, number]>(
      `INSERT INTO chat_settings (chat_id, settings, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (chat_id) DO UPDATE
       SET settings = excluded.settings, updated_at = excluded.updated_at`,
    ).run(chatId, JSON.stringify(merged), now());
  });

  // Always run by write(), inside the turn's transaction, and without a savepoint of its own (one
  // per update, two statements more): if the insert fails, only the purge before it stays.
  const claim = (updateId: number, leaseMs: number): ClaimResult => {
    const at = now();
    purgeNowAndThen(at);
    // Inserts a lease, or takes over an expired entry; returns no row when a live one is there.
    const taken = sql<[number, number, number], { state: string }>(
      `INSERT INTO update_claims (update_id, state, expires_at) VALUES (?, 'leased', ?)
       ON CONFLICT (update_id) DO UPDATE SET state = 'leased', expires_at = excluded.expires_at
       WHERE update_claims.expires_at <= ?
       RETURNING state`,
    ).get(updateId, at + leaseMs, at);
    if (taken !== undefined) return "claimed";
    const current = sql<[number], { state: string }>(
      "SELECT state FROM update_claims WHERE update_id = ?",
    ).get(updateId);
    return current?.state === "done" ? "done" : "busy";
  };

  function addTo(kind: "chat" | "user", id: number, day: string, delta: Usage, at: number) {
    return sql<[string, number, string, number, number, number], Usage>(
      `INSERT INTO usage_counters (kind, subject_id, day, characters, requests, expires_at)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (kind, subject_id, day) DO UPDATE
       SET characters = usage_counters.characters + excluded.characters,
           requests = usage_counters.requests + excluded.requests,
           expires_at = excluded.expires_at
       RETURNING characters, requests`,
    ).get(kind, id, day, delta.characters, delta.requests, at + USAGE_KEEP_MS)!;
  }
  const addUsage = db.transaction((chatId: number, userId: number, delta: Usage) => {
    const at = now();
    purgeNowAndThen(at);
    const day = utcDay(at);
    return {
      chat: addTo("chat", chatId, day, delta, at),
      user: addTo("user", userId, day, delta, at),
    };
  });

  return {
    getChatSettings: (chatId) => guard("read chat settings", () => readSettings(chatId)),
    updateChatSettings: (chatId, patch) =>
      write("write chat settings", () => updateSettings.immediate(chatId, patch)),

    claimUpdate: (updateId, { leaseMs }) =>
      write("claim an update", () => claim(updateId, checkMs("leaseMs", leaseMs))),
    finishUpdate: (updateId) =>
      write("finish an update", () => {
        sql<[number, number]>(
          `INSERT INTO update_claims (update_id, state, expires_at) VALUES (?, 'done', ?)
           ON CONFLICT (update_id) DO UPDATE SET state = 'done', expires_at = excluded.expires_at`,
        ).run(updateId, now() + FINISHED_KEEP_MS);
      }),
    releaseUpdate: (updateId) =>
      write("release an update", () => {
        sql<[number]>("DELETE FROM update_claims WHERE update_id = ? AND state = 'leased'").run(
          updateId,
        );
      }),

    getTranslation: (key) =>
      guard("read the translation cache", () => {
        const row = sql<
          [string, number],
          { text: string; source: string; provider: string | null }
        >(
          "SELECT text, source, provider FROM translation_cache WHERE key = ? AND expires_at > ?",
        ).get(translationKeyHash(key), now());
        if (row === undefined) return undefined;
        const { provider, ...found } = row;
        return provider === null ? found : { ...found, provider };
      }),
    putTranslation: (key, translation, { ttlMs }) =>
      write("write the translation cache", () => {
        const at = now();
        const expiresAt = at + checkMs("ttlMs", ttlMs);
        purgeNowAndThen(at);
        sql<[string, string, string, string | null, number]>(
          `INSERT INTO translation_cache (key, text, source, provider, expires_at)
           VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (key) DO UPDATE
           SET text = excluded.text, source = excluded.source, provider = excluded.provider,
               expires_at = excluded.expires_at`,
        ).run(
          translationKeyHash(key),
          translation.text,
          translation.source,
          translation.provider ?? null,
          expiresAt,
        );
      }),

    linkReplies: (chatId, messageId, replyIds, options = {}) =>
      write("record reply links", () => {
        const at = now();
        const expiresAt = at + checkMs("ttlMs", options.ttlMs ?? REPLY_LINK_KEEP_MS);
        purgeNowAndThen(at);
        sql<[number, number, string, number]>(
          `INSERT INTO reply_links (chat_id, message_id, reply_ids, expires_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (chat_id, message_id) DO UPDATE
           SET reply_ids = excluded.reply_ids, expires_at = excluded.expires_at`,
        ).run(chatId, messageId, JSON.stringify(replyIds), expiresAt);
      }),
    getReplies: (chatId, messageId) =>
      guard("read reply links", () => {
        const row = sql<[number, number, number], { reply_ids: string }>(
          "SELECT reply_ids FROM reply_links WHERE chat_id = ? AND message_id = ? AND expires_at > ?",
        ).get(chatId, messageId, now());
        return row === undefined ? [] : (JSON.parse(row.reply_ids) as number[]);
      }),

    addUsage: ({ chatId, userId, characters, requests }) =>
      write("count usage", () => {
        const delta = { characters, requests };
        checkUsage(delta);
        return addUsage.immediate(chatId, userId, delta);
      }),
    getUsage: (subject, day) =>
      guard("read usage", () => {
        const { kind, id } = usageSubject(subject);
        const row = sql<[string, number, string, number], Usage>(
          `SELECT characters, requests FROM usage_counters
           WHERE kind = ? AND subject_id = ? AND day = ? AND expires_at > ?`,
        ).get(kind, id, checkDay(day ?? utcDay(now())), now());
        return row ?? { characters: 0, requests: 0 };
      }),

    addToCounter: (name, amount, { ttlMs }) =>
      write("count", () => {
        checkCounter(name, amount);
        const at = now();
        const expiresAt = at + checkMs("ttlMs", ttlMs);
        purgeNowAndThen(at);
        // One statement: atomic, and an expired row starts again from the amount.
        return sql<[string, number, number, number], { value: number }>(
          `INSERT INTO counters (name, value, expires_at) VALUES (?, ?, ?)
           ON CONFLICT (name) DO UPDATE
           SET value = CASE WHEN counters.expires_at <= ? THEN excluded.value
                            ELSE counters.value + excluded.value END,
               expires_at = excluded.expires_at
           RETURNING value`,
        ).get(name, amount, expiresAt, at)!.value;
      }),
    getCounter: (name) =>
      guard("read a counter", () => {
        checkCounter(name);
        const row = sql<[string, number], { value: number }>(
          "SELECT value FROM counters WHERE name = ? AND expires_at > ?",
        ).get(name, now());
        return row?.value ?? 0;
      }),

    info: () =>
      guard("read the schema version", () => ({
        backend: "sqlite",
        location: path,
        schemaVersion: schemaVersion(db),
        latestVersion: LATEST_VERSION,
      })),
    migrate: () =>
      guard("migrate", () => {
        commit();
        commitOthers();
        return migrate.immediate();
      }),
    close: () =>
      guard("close", () => {
        commit();
        db.close();
      }),
  };
}

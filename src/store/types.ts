// The store contract: what the bot keeps between updates. Small on purpose, so that a new backend is
// a day's work: implement these methods, add a branch to index.ts, and run store.contract.test.ts
// against it. memory.ts is the reference implementation.
//
// Time: every expiry is decided with the store's clock (OpenStoreOptions.now), never the database's,
// so that tests can move time without sleeping. An entry whose expiry has passed is absent, whether
// or not the backend has deleted it yet (DynamoDB deletes expired items days late).
import type { ClaimResult } from "../runtime/update-claims.js";

export type { ClaimResult } from "../runtime/update-claims.js";

export interface ChatSettings {
  /** Target language chosen with /lang; undefined means the DEFAULT_LANGUAGES pair decides. */
  targetLanguage?: string;
}

/** What a translation is cached under; the store hashes it (sha256), so text may be long. */
export interface TranslationKey {
  provider: string;
  /** The source language asked for ("auto" included). */
  source: string;
  target: string;
  text: string;
}

export interface CachedTranslation {
  text: string;
  /** The source language the provider used or detected. */
  source: string;
}

export interface UsageDelta {
  chatId: number;
  userId: number;
  /** Characters sent for translation. */
  characters: number;
  /** Translation requests. */
  requests: number;
}

export interface Usage {
  characters: number;
  requests: number;
}

/** Whose usage: a chat's (all of its members), or one user's (in every chat). */
export type UsageSubject = { chatId: number } | { userId: number };

export interface StoreInfo {
  /** "memory", "sqlite", "postgres" or "dynamodb". */
  backend: string;
  /** Where the data is, without any password. */
  location: string;
  /** The schema version the data is at; 0 when nothing is created yet. */
  schemaVersion: number;
  /** The schema version this babelgram writes. */
  latestVersion: number;
}

export interface OpenStoreOptions {
  /** The clock, in epoch milliseconds; Date.now unless a test moves time. */
  now?: () => number;
  /**
   * Bring the schema up to date when opening (default true). DynamoDB never creates its table on
   * open: `babelgram store migrate` or the SAM template does.
   */
  migrate?: boolean;
}

export interface Store {
  // Chat settings.
  /** Settings of a chat, or an empty object for a chat never seen. */
  getChatSettings(chatId: number): Promise<ChatSettings>;
  /** Merges the given fields into the chat's settings; a field given as undefined is removed. */
  updateChatSettings(chatId: number, patch: ChatSettings): Promise<void>;

  // Update claims: Telegram delivers at least once; these make it "handled once". Atomic in every
  // backend, also between several instances over the same database.
  /**
   * Takes the update for leaseMs and answers "claimed", unless it is finished ("done") or another
   * worker's lease on it is still live ("busy"). An expired lease (the worker died) is taken over.
   */
  claimUpdate(updateId: number, options: { leaseMs: number }): Promise<ClaimResult>;
  /** The update's replies are sent: claims answer "done" for at least FINISHED_KEEP_MS (25 h). */
  finishUpdate(updateId: number): Promise<void>;
  /** Handling stopped early: the next claim takes the update. A finished update stays finished. */
  releaseUpdate(updateId: number): Promise<void>;

  // Translation cache.
  /** A cached translation, or undefined when there is none or it has expired. */
  getTranslation(key: TranslationKey): Promise<CachedTranslation | undefined>;
  /** Caches a translation for ttlMs, replacing any earlier one. */
  putTranslation(
    key: TranslationKey,
    translation: CachedTranslation,
    options: { ttlMs: number },
  ): Promise<void>;

  // Links from a user's message to the bot's replies (several when a translation was split).
  /** Records (replacing) the replies to a message, kept for ttlMs (default REPLY_LINK_KEEP_MS). */
  linkReplies(
    chatId: number,
    messageId: number,
    replyIds: readonly number[],
    options?: { ttlMs?: number },
  ): Promise<void>;
  /** The bot's replies to a message, in the order recorded; empty when none are known. */
  getReplies(chatId: number, messageId: number): Promise<number[]>;

  // Usage per UTC day, for quotas; kept USAGE_KEEP_MS.
  /**
   * Adds to today's (UTC, by the store's clock) counters of the chat and of the user, each
   * atomically, and returns both totals after the addition.
   */
  addUsage(delta: UsageDelta): Promise<{ chat: Usage; user: Usage }>;
  /** A chat's or a user's usage on a day (YYYY-MM-DD, UTC; today by default); zeros when none. */
  getUsage(subject: UsageSubject, day?: string): Promise<Usage>;

  // Administration (`babelgram store check|migrate`).
  info(): Promise<StoreInfo>;
  /** Brings the schema to latestVersion; safe to run from several instances at once. */
  migrate(): Promise<{ from: number; to: number }>;
  close(): Promise<void>;
}

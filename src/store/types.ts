// The store contract: what the bot keeps between updates. Small on purpose, so that a new backend is
// a day's work: implement these methods, add a branch to index.ts, and run store.contract.test.ts
// against it. memory.ts is the reference implementation.
//
// Time: every expiry is decided with the store's clock (OpenStoreOptions.now), never the database's,
// so that tests can move time without sleeping. An entry whose expiry has passed is absent, whether
// or not the backend has deleted it yet (DynamoDB deletes expired items days late).
import type { ClaimResult } from "../runtime/update-claims.js";

export type { ClaimResult } from "../runtime/update-claims.js";

/** auto: every message that needs it; manual: on /tr or a mention only; off: nothing. */
export type TranslationMode = "auto" | "manual" | "off";

/**
 * One chat's settings, kept as a whole per chat by every backend (a JSON document, or one attribute
 * per field in DynamoDB), so a new field needs no schema change. Every field is optional: absent
 * means the default (see src/bot/chat-settings.ts).
 */
export interface ChatSettings {
  /** Written by /lang before chat languages existed: read as the pair [targetLanguage, …]. */
  targetLanguage?: string;
  /** Default: auto in private chats, manual in groups. */
  mode?: TranslationMode;
  /** The chat's languages, main one first; two make a bilingual pair. Default: DEFAULT_LANGUAGES. */
  languages?: string[];
  /** What messages in other languages are translated into (several at once); default: the main one. */
  targets?: string[];
  /** Whether translations name their languages ("[ko → en] …"); default false. */
  showSourceTag?: boolean;
  /** Formal or informal address, where the translator supports it; default: the provider's. */
  formality?: "formal" | "informal";
  /** Users who opted out in a group (/ignoreme): their messages are not translated unasked. */
  ignoredUsers?: number[];
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
  /** Which provider made it (for attribution); absent in entries cached without one. */
  provider?: string;
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

  // Named counters: characters sent to each provider per day and month, "told today" flags. A name
  // holds the period it counts (e.g. "provider-chars:papago:2026-01"), the ttl is only for clean-up.
  /**
   * Adds amount (a whole number, 0 or more) to the counter, which starts at 0 when it does not exist
   * or has expired; keeps it for ttlMs from now and returns the total after the addition. Atomic,
   * also between instances over the same data: each of n concurrent additions sees its own total.
   */
  addToCounter(name: string, amount: number, options: { ttlMs: number }): Promise<number>;
  /** A counter's total; 0 when it does not exist or has expired. */
  getCounter(name: string): Promise<number>;

  // Administration (`babelgram store check|migrate`).
  info(): Promise<StoreInfo>;
  /** Brings the schema to latestVersion; safe to run from several instances at once. */
  migrate(): Promise<{ from: number; to: number }>;
  close(): Promise<void>;
}

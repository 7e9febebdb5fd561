// The in-memory store: the reference implementation, used by tests and by STORE_URL=memory:.
// Everything is lost on exit; expired entries are dropped when they are next looked at.
import {
  checkCounter,
  checkDay,
  checkMs,
  checkUsage,
  FINISHED_KEEP_MS,
  mergeSettings,
  REPLY_LINK_KEEP_MS,
  translationKeyHash,
  USAGE_KEEP_MS,
  usageSubject,
  utcDay,
} from "./common.js";
import type { CachedTranslation, ChatSettings, OpenStoreOptions, Store, Usage } from "./types.js";

const SCHEMA_VERSION = 1;

interface Expiring<T> {
  value: T;
  until: number;
}

export function createMemoryStore(options: OpenStoreOptions = {}): Store {
  const now = options.now ?? Date.now;
  const settings = new Map<number, ChatSettings>();
  const claims = new Map<number, Expiring<"leased" | "done">>();
  const cache = new Map<string, Expiring<CachedTranslation>>();
  const links = new Map<string, Expiring<number[]>>();
  const usage = new Map<string, Expiring<Usage>>();
  const counters = new Map<string, Expiring<number>>();

  function live<K, T>(map: Map<K, Expiring<T>>, key: K): T | undefined {
    const entry = map.get(key);
    if (entry === undefined) return undefined;
    if (entry.until > now()) return entry.value;
    map.delete(key);
    return undefined;
  }

  function add(key: string, delta: Usage): Usage {
    const current = live(usage, key) ?? { characters: 0, requests: 0 };
    const value = {
      characters: current.characters + delta.characters,
      requests: current.requests + delta.requests,
    };
    usage.set(key, { value, until: now() + USAGE_KEEP_MS });
    return { ...value };
  }

  const usageKey = (kind: string, id: number, day: string) => `${kind}:${id}:${day}`;

  /** Runs synchronous work as a promise, so that a bad argument rejects instead of throwing. */
  function run<T>(work: () => T): Promise<T> {
    try {
      return Promise.resolve(work());
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  return {
    // Copies both ways (settings hold lists): callers can never change what is stored.
    getChatSettings: (chatId) => run(() => structuredClone(settings.get(chatId) ?? {})),
    updateChatSettings: (chatId, patch) =>
      run(() => {
        const merged = mergeSettings(settings.get(chatId) ?? {}, structuredClone(patch));
        settings.set(chatId, merged);
      }),

    claimUpdate: (updateId, { leaseMs }) =>
      run(() => {
        const lease = checkMs("leaseMs", leaseMs);
        const state = live(claims, updateId);
        if (state === "done") return "done";
        if (state === "leased") return "busy";
        claims.set(updateId, { value: "leased", until: now() + lease });
        return "claimed";
      }),
    finishUpdate: (updateId) =>
      run(() => void claims.set(updateId, { value: "done", until: now() + FINISHED_KEEP_MS })),
    releaseUpdate: (updateId) =>
      run(() => {
        if (claims.get(updateId)?.value === "leased") claims.delete(updateId);
      }),

    getTranslation: (key) =>
      run(() => {
        const found = live(cache, translationKeyHash(key));
        return found === undefined ? undefined : { ...found };
      }),
    putTranslation: (key, translation, { ttlMs }) =>
      run(() => {
        const until = now() + checkMs("ttlMs", ttlMs);
        const value: CachedTranslation = { text: translation.text, source: translation.source };
        if (translation.provider !== undefined) value.provider = translation.provider;
        cache.set(translationKeyHash(key), { value, until });
      }),

    linkReplies: (chatId, messageId, replyIds, options = {}) =>
      run(() => {
        const until = now() + checkMs("ttlMs", options.ttlMs ?? REPLY_LINK_KEEP_MS);
        links.set(`${chatId}:${messageId}`, { value: [...replyIds], until });
      }),
    getReplies: (chatId, messageId) =>
      run(() => [...(live(links, `${chatId}:${messageId}`) ?? [])]),

    addUsage: ({ chatId, userId, characters, requests }) =>
      run(() => {
        const delta = { characters, requests };
        checkUsage(delta);
        const day = utcDay(now());
        return {
          chat: add(usageKey("chat", chatId, day), delta),
          user: add(usageKey("user", userId, day), delta),
        };
      }),
    getUsage: (subject, day) =>
      run(() => {
        const { kind, id } = usageSubject(subject);
        const found = live(usage, usageKey(kind, id, checkDay(day ?? utcDay(now()))));
        return found === undefined ? { characters: 0, requests: 0 } : { ...found };
      }),

    addToCounter: (name, amount, { ttlMs }) =>
      run(() => {
        checkCounter(name, amount);
        const until = now() + checkMs("ttlMs", ttlMs);
        const value = (live(counters, name) ?? 0) + amount;
        counters.set(name, { value, until });
        return value;
      }),
    getCounter: (name) =>
      run(() => {
        checkCounter(name);
        return live(counters, name) ?? 0;
      }),

    info: () =>
      run(() => ({
        backend: "memory",
        location: "memory (lost on exit)",
        schemaVersion: SCHEMA_VERSION,
        latestVersion: SCHEMA_VERSION,
      })),
    migrate: () => run(() => ({ from: SCHEMA_VERSION, to: SCHEMA_VERSION })),
    close: () => run(() => undefined),
  };
}

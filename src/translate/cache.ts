// The translation cache: a text translated once is not sent to a provider again for ttlMs (default
// 30 days), across restarts and instances, since it lives in the store.
//
// The key does not name a provider: it is (source language as asked, "auto" included; target
// language; the normalised text; options: the formality asked for, if any), hashed by the store.
// Which provider made a translation is kept in the value, for attribution. Translations of the
// pseudo translator are kept apart, so that configuring a real provider never serves fake ones.
//
// Normalised text (what is also sent to the provider, so the cached value is the translation of
// exactly the key): Unicode NFC; line breaks as \n; spaces and tabs inside a line collapsed to one
// space and removed at line ends, indentation kept; more than one blank line in a row made one; the
// whole text trimmed. Line breaks are kept because they carry meaning (lists, verses, addresses), and
// a blank line is a paragraph.
//
// "Nothing to translate" (a provider's same-language answer, or an empty translation) is cached too,
// as an entry with empty text, so that a message already in the target language is not sent again.
//
// Identical requests in flight at once share one lookup and one provider call. The latest entries
// are also kept in the process (recent.ts) for a few minutes, so a text seen again soon costs no
// store read.
import { ProviderError } from "../errors.js";
import type { Logger } from "../log.js";
import type { CachedTranslation, Store, TranslationKey } from "../store/types.js";
import { createRecent } from "../recent.js";
import type { BatchRequest, TranslateRequest, TranslateResult, Translator } from "./types.js";

export const DEFAULT_CACHE_TTL_MS = 30 * 24 * 60 * 60 * 1000;
/** Entries kept in the process in front of the store, and how long each (at most). */
const RECENT_ENTRIES = 2_000;
const RECENT_MAX_AGE_MS = 10 * 60_000;

/** The key's provider part: translations of real providers are shared between them. */
const REAL_SCOPE = "any";

export function normaliseText(text: string): string {
  return text
    .normalize("NFC")
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((line) => {
      const body = line.trimEnd();
      const indent = /^[^\S\n]*/.exec(body)?.[0] ?? "";
      return indent + body.slice(indent.length).replace(/[^\S\n]+/g, " ");
    })
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/**
 * The store key of a request (text already normalised). Options that change a translation
 * (formality, honorifics) are part of it, in a stable order.
 */
export function cacheKey(
  request: { text: string; source: string; target: string },
  options: { real?: boolean; options?: Readonly<Record<string, string>> } = {},
): TranslationKey {
  const extra = Object.entries(options.options ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return {
    provider: options.real === false ? "pseudo" : REAL_SCOPE,
    source: request.source.toLowerCase(),
    target: request.target.toLowerCase(),
    text: extra.length === 0 ? request.text : `${request.text}\u0000${JSON.stringify(extra)}`,
  };
}

export interface CacheStats {
  hits: number;
  misses: number;
}

export interface Lookup {
  result: TranslateResult;
  /** true when no provider was called for it: a cache hit, or an identical request in flight. */
  hit: boolean;
}

export interface LookupOptions {
  /**
   * Runs before a provider is called, never on a hit: a quota check that throws to stop the call
   * (cache hits are free, so they need no check and no store reads for it).
   */
  beforeMiss?: () => Promise<void>;
}

export interface CachedTranslator extends Translator {
  /** Translates the normalised text, saying whether a provider was called for it. */
  lookup(request: TranslateRequest, options?: LookupOptions): Promise<Lookup>;
  /** Hits and misses since this translator was made. */
  stats(): CacheStats;
}

export function createCachedTranslator(
  inner: Translator,
  store: Pick<Store, "getTranslation" | "putTranslation">,
  options: {
    ttlMs?: number;
    logger?: Pick<Logger, "warn">;
    /** The clock of the in-process entries (tests move time). */
    now?: () => number;
  } = {},
): CachedTranslator {
  const ttlMs = options.ttlMs ?? DEFAULT_CACHE_TTL_MS;
  const { logger } = options;
  const stats: CacheStats = { hits: 0, misses: 0 };
  const inFlight = new Map<string, Promise<TranslateResult>>();
  const recent = createRecent<CachedTranslation>({
    maxEntries: RECENT_ENTRIES,
    maxAgeMs: Math.min(RECENT_MAX_AGE_MS, ttlMs),
    ...(options.now === undefined ? {} : { now: options.now }),
  });

  const sameLanguage = (provider: string, target: string) =>
    new ProviderError({
      provider,
      kind: "same-language",
      message: `the text is already in ${target} (cached)`,
    });

  async function read(key: TranslationKey) {
    try {
      return await store.getTranslation(key);
    } catch (error) {
      logger?.warn({ err: error }, "could not read the translation cache; translating");
      return undefined;
    }
  }

  async function write(
    key: TranslationKey,
    value: { text: string; source: string; provider: string },
  ) {
    try {
      await store.putTranslation(key, value, { ttlMs });
    } catch (error) {
      logger?.warn({ err: error }, "could not write the translation cache");
    }
  }

  /** A cached entry as a hit; "" is "already in the target language". */
  function hitOf(found: CachedTranslation, request: TranslateRequest): Lookup {
    stats.hits++;
    const provider = found.provider ?? inner.name;
    if (found.text === "") throw sameLanguage(provider, request.target);
    const result = { text: found.text, source: found.source, target: request.target, provider };
    return { result, hit: true };
  }

  /** The store, else the provider (whose answer is then stored). */
  async function resolve(
    request: TranslateRequest,
    key: TranslationKey,
    id: string,
    options: LookupOptions,
  ): Promise<Lookup> {
    const found = await read(key);
    if (found !== undefined) {
      recent.set(id, found);
      return hitOf(found, request);
    }
    await options.beforeMiss?.();
    stats.misses++;
    let result: TranslateResult;
    try {
      result = await inner.translate(request);
    } catch (error) {
      if (error instanceof ProviderError && error.kind === "same-language") {
        const source = request.source === "auto" ? request.target : request.source;
        const value = { text: "", source, provider: error.provider };
        recent.set(id, value);
        await write(key, value);
      }
      throw error;
    }
    const value = { text: result.text, source: result.source, provider: result.provider };
    recent.set(id, value);
    await write(key, value);
    if (result.text === "") throw sameLanguage(result.provider, request.target);
    return { result, hit: false };
  }

  async function lookup(request: TranslateRequest, options: LookupOptions = {}): Promise<Lookup> {
    const normalised = { ...request, text: normaliseText(request.text) };
    if (ttlMs <= 0) {
      await options.beforeMiss?.();
      stats.misses++;
      return { result: await inner.translate(normalised), hit: false };
    }
    const { formality } = request;
    const key = cacheKey(normalised, {
      real: inner.real,
      ...(formality === undefined ? {} : { options: { formality } }),
    });
    const id = JSON.stringify(key);
    const remembered = recent.get(id);
    if (remembered !== undefined) return hitOf(remembered, normalised);
    const running = inFlight.get(id);
    if (running !== undefined) {
      stats.hits++;
      return { result: await running, hit: true };
    }
    const lookingUp = resolve(normalised, key, id, options);
    const result = lookingUp.then((found) => found.result);
    result.catch(() => undefined);
    inFlight.set(id, result);
    try {
      return await lookingUp;
    } finally {
      inFlight.delete(id);
    }
  }

  return {
    name: inner.name,
    real: inner.real,
    ...(inner.attribution === undefined ? {} : { attribution: inner.attribution }),
    ...(inner.capabilities === undefined ? {} : { capabilities: inner.capabilities }),
    ...(inner.formality === undefined ? {} : { formality: inner.formality }),
    lookup,
    stats: () => ({ ...stats }),
    async translate(request) {
      return (await lookup(request)).result;
    },
    async translateBatch(request: BatchRequest) {
      const { texts, ...rest } = request;
      return Promise.all(texts.map(async (text) => (await lookup({ ...rest, text })).result));
    },
  };
}

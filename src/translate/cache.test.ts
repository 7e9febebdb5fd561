import { describe, expect, it, vi } from "vitest";
import { ProviderError, StoreError } from "../errors.js";
import { createMemoryStore } from "../store/memory.js";
import { cacheKey, createCachedTranslator, DEFAULT_CACHE_TTL_MS, normaliseText } from "./cache.js";
import type { TranslateRequest, TranslateResult, Translator } from "./types.js";

const DAY = 24 * 60 * 60 * 1000;

function clock(start = Date.UTC(2026, 0, 15, 12)) {
  let time = start;
  return { now: () => time, advance: (ms: number) => void (time += ms) };
}

/** A translator that records its calls: "<provider>:<target>:<text>". */
function counting(
  name = "papago",
  behave?: (request: TranslateRequest) => TranslateResult | Error | undefined,
) {
  const calls: TranslateRequest[] = [];
  const translator: Translator = {
    name,
    real: name !== "pseudo",
    translate(request) {
      calls.push(request);
      const answer = behave?.(request) ?? {
        text: `${name}:${request.target}:${request.text}`,
        source: request.source === "auto" ? "ja" : request.source,
        target: request.target,
        provider: name,
      };
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
    },
  };
  return { translator, calls };
}

describe("normaliseText", () => {
  it("makes NFC, trims, collapses spaces within lines and keeps line breaks and indentation", () => {
    expect(normaliseText("  hello   world \t ")).toBe("hello world");
    expect(normaliseText("e\u0301te\u0301")).toBe("été");
    expect(normaliseText("line one  \r\nline   two\rthree")).toBe("line one\nline two\nthree");
    expect(normaliseText("para\n\n\n\n  indented  list")).toBe("para\n\n  indented list");
    expect(normaliseText("a\n   \nb")).toBe("a\n\nb");
  });
});

describe("cacheKey", () => {
  it("names no provider, and tells apart sources, targets, texts and options", () => {
    const base = cacheKey({ text: "hello", source: "en", target: "ko" });
    expect(base).toEqual({ provider: "any", source: "en", target: "ko", text: "hello" });
    expect(cacheKey({ text: "hello", source: "EN", target: "KO" })).toEqual(base);
    expect(cacheKey({ text: "hello", source: "auto", target: "ko" })).not.toEqual(base);
    const formal = cacheKey(
      { text: "hello", source: "en", target: "ko" },
      { options: { honorific: "true", a: "1" } },
    );
    expect(formal.text).not.toBe(base.text);
    expect(
      cacheKey(
        { text: "hello", source: "en", target: "ko" },
        { options: { a: "1", honorific: "true" } },
      ),
    ).toEqual(formal);
    expect(cacheKey({ text: "hello", source: "en", target: "ko" }, { real: false }).provider).toBe(
      "pseudo",
    );
  });
});

describe("cached translator", () => {
  it("answers a text seen before from the store, without a provider call, until it expires", async () => {
    const time = clock();
    const store = createMemoryStore({ now: time.now });
    const { translator, calls } = counting();
    const cached = createCachedTranslator(translator, store, { now: time.now });
    const first = await cached.lookup({ text: "안녕하세요", source: "ko", target: "en" });
    expect(first).toEqual({
      result: { text: "papago:en:안녕하세요", source: "ko", target: "en", provider: "papago" },
      hit: false,
    });
    // Another instance over the same store, the same text written a little differently.
    const other = createCachedTranslator(counting("deepl").translator, store);
    const again = await other.lookup({ text: "  안녕하세요 ", source: "ko", target: "en" });
    expect(again).toEqual({ ...first, hit: true });
    expect(calls).toHaveLength(1);
    expect(other.stats()).toEqual({ hits: 1, misses: 0 });
    time.advance(DEFAULT_CACHE_TTL_MS);
    expect((await cached.lookup({ text: "안녕하세요", source: "ko", target: "en" })).hit).toBe(
      false,
    );
    expect(calls).toHaveLength(2);
    expect(DEFAULT_CACHE_TTL_MS).toBe(30 * DAY);
  });

  it("sends the normalised text to the provider", async () => {
    const { translator, calls } = counting();
    const cached = createCachedTranslator(translator, createMemoryStore());
    await cached.translate({ text: " a   b \n\n\n c ", source: "en", target: "ko" });
    expect(calls[0]?.text).toBe("a b\n\n c");
  });

  it("shares one provider call between identical requests in flight", async () => {
    const { translator, calls } = counting();
    const cached = createCachedTranslator(translator, createMemoryStore());
    const lookups = await Promise.all(
      Array.from({ length: 5 }, () =>
        cached.lookup({ text: "같은 말", source: "ko", target: "en" }),
      ),
    );
    expect(calls).toHaveLength(1);
    expect(lookups.filter((lookup) => lookup.hit)).toHaveLength(4);
  });

  it("remembers that a text needs no translation, and says so again without a call", async () => {
    const { translator, calls } = counting("papago", (request) =>
      request.text === "already"
        ? new ProviderError({ provider: "papago", kind: "same-language", message: "N2MT05" })
        : { text: "", source: "en", target: "ko", provider: "papago" },
    );
    const cached = createCachedTranslator(translator, createMemoryStore());
    for (let i = 0; i < 2; i++) {
      for (const text of ["already", "empty answer"]) {
        const error = await cached
          .translate({ text, source: "auto", target: "ko" })
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ProviderError);
        expect((error as ProviderError).kind).toBe("same-language");
      }
    }
    expect(calls).toHaveLength(2);
  });

  it("does not keep other failures", async () => {
    let fail = true;
    const { translator, calls } = counting("papago", () =>
      fail ? new ProviderError({ provider: "papago", kind: "server", message: "500" }) : undefined,
    );
    const cached = createCachedTranslator(translator, createMemoryStore());
    await expect(cached.translate({ text: "x", source: "en", target: "ko" })).rejects.toThrow(
      "500",
    );
    fail = false;
    expect((await cached.lookup({ text: "x", source: "en", target: "ko" })).hit).toBe(false);
    expect(calls).toHaveLength(2);
  });

  it("never serves the pseudo translator's text to a real one", async () => {
    const store = createMemoryStore();
    await createCachedTranslator(counting("pseudo").translator, store).translate({
      text: "hi",
      source: "en",
      target: "ko",
    });
    const real = counting("papago");
    const result = await createCachedTranslator(real.translator, store).translate({
      text: "hi",
      source: "en",
      target: "ko",
    });
    expect(result.text).toBe("papago:ko:hi");
  });

  it("translates without the cache when the store fails, and when the ttl is 0", async () => {
    const store = createMemoryStore();
    const warn = vi.fn();
    const broken = {
      getTranslation: () => Promise.reject(new StoreError({ message: "down" })),
      putTranslation: () => Promise.reject(new StoreError({ message: "down" })),
    };
    const { translator, calls } = counting();
    const cached = createCachedTranslator(translator, broken, { logger: { warn } });
    expect((await cached.translate({ text: "x", source: "en", target: "ko" })).text).toBe(
      "papago:ko:x",
    );
    expect(warn).toHaveBeenCalledTimes(2);
    const off = createCachedTranslator(translator, store, { ttlMs: 0 });
    await off.translate({ text: "y", source: "en", target: "ko" });
    await off.translate({ text: "y", source: "en", target: "ko" });
    expect(calls).toHaveLength(3);
  });
});

describe("lookup's beforeMiss", () => {
  it("runs before a provider call only, never for a hit, and stops the call when it throws", async () => {
    const { translator, calls } = counting();
    const cache = createCachedTranslator(translator, createMemoryStore());
    const request = { text: "안녕", source: "ko", target: "en" };
    let checks = 0;
    const beforeMiss = () => {
      checks++;
      return Promise.resolve();
    };
    expect((await cache.lookup(request, { beforeMiss })).hit).toBe(false);
    expect((await cache.lookup(request, { beforeMiss })).hit).toBe(true);
    expect(checks).toBe(1);

    const over = new Error("over quota");
    const refused = cache.lookup(
      { ...request, text: "새로운 문장" },
      { beforeMiss: () => Promise.reject(over) },
    );
    await expect(refused).rejects.toBe(over);
    expect(calls.map((call) => call.text)).toEqual(["안녕"]);
  });
});

/** The store's cache half, counting its reads. */
function countingReads(store: ReturnType<typeof createMemoryStore>) {
  let reads = 0;
  return {
    getTranslation: (key: Parameters<typeof store.getTranslation>[0]) => {
      reads++;
      return store.getTranslation(key);
    },
    putTranslation: store.putTranslation.bind(store),
    reads: () => reads,
  };
}

describe("the in-process entries", () => {
  it("answer a text seen again soon without reading the store, and expire with the store's clock", async () => {
    const time = clock();
    const store = createMemoryStore({ now: time.now });
    const counted = countingReads(store);
    const { translator, calls } = counting();
    const cached = createCachedTranslator(translator, counted, { now: time.now });
    const request = { text: "고마워요", source: "ko", target: "en" };
    expect((await cached.lookup(request)).hit).toBe(false);
    expect(counted.reads()).toBe(1);
    expect(await cached.lookup({ ...request, text: " 고마워요  " })).toMatchObject({ hit: true });
    expect(counted.reads()).toBe(1);
    // Ten minutes on, the store is asked again (and still has it).
    time.advance(10 * 60_000);
    expect((await cached.lookup(request)).hit).toBe(true);
    expect(counted.reads()).toBe(2);
    expect(calls).toHaveLength(1);
    expect(cached.stats()).toEqual({ hits: 2, misses: 1 });
  });

  it('remember "already in the target language" too', async () => {
    const store = createMemoryStore();
    const counted = countingReads(store);
    const same = (request: TranslateRequest) =>
      new ProviderError({ provider: "papago", kind: "same-language", message: request.target });
    const { translator, calls } = counting("papago", same);
    const cached = createCachedTranslator(translator, counted);
    const request = { text: "hello", source: "auto", target: "en" };
    for (let i = 0; i < 2; i++) {
      await expect(cached.lookup(request)).rejects.toMatchObject({ kind: "same-language" });
    }
    expect(calls).toHaveLength(1);
    expect(counted.reads()).toBe(1);
  });
});

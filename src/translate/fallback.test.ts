import { describe, expect, it, vi } from "vitest";
import { ProviderError, type ProviderFailure } from "../errors.js";
import { createMemoryStore } from "../store/memory.js";
import { createFallbackTranslator } from "./fallback.js";
import { createProvider, type ProviderCall } from "./provider-kit.js";
import { createProviderBudget } from "./quota.js";
import type { Capabilities, TranslateResult, Translator } from "./types.js";

type Behaviour = ProviderFailure | "hang" | undefined;

/** An in-process provider: "<name>:<target>:<text>", failing as `behave` says for each call. */
function fake(
  name: string,
  options: {
    capabilities?: Partial<Capabilities>;
    behave?: (call: ProviderCall) => Behaviour;
  } = {},
) {
  const calls: string[][] = [];
  const translator = createProvider({
    name,
    capabilities: {
      maxTexts: 1,
      limit: { unit: "chars", max: 1000 },
      autoDetect: true,
      ...options.capabilities,
    },
    timeoutMs: 10_000,
    secrets: [],
    async call(call, kit) {
      calls.push(call.texts);
      const behaviour = options.behave?.(call);
      if (behaviour === "hang") {
        return new Promise((_, reject) =>
          call.signal.addEventListener("abort", () => reject(new Error("aborted"))),
        );
      }
      if (behaviour !== undefined) throw kit.fail(behaviour, `${name} fails: ${behaviour}`);
      return { texts: call.texts.map((text) => `${name}:${call.target}:${text}`), detected: "en" };
    },
  });
  return { translator, calls };
}

function clock(start = Date.UTC(2026, 0, 15, 12)) {
  let time = start;
  return { now: () => time, advance: (ms: number) => void (time += ms) };
}

const logger = () => ({ warn: vi.fn(), error: vi.fn() });
const request = (text: string) => ({ text, source: "ko", target: "en" });
const failure = (error: unknown) => error as ProviderError;

describe("fallback chain", () => {
  it("tries the next provider when the first is down, and says who translated", async () => {
    const first = fake("first", { behave: () => "server" });
    const second = fake("second");
    const third = fake("third");
    const chain = createFallbackTranslator([first.translator, second.translator, third.translator]);
    expect(await chain.translate(request("안녕"))).toEqual({
      text: "second:en:안녕",
      source: "ko",
      target: "en",
      provider: "second",
    });
    expect(first.calls).toHaveLength(1);
    expect(third.calls).toHaveLength(0);
    expect(chain.name).toBe("first,second,third");
  });

  it("skips a provider that keeps failing while its breaker is open, then tries it once", async () => {
    const time = clock();
    let down = true;
    const first = fake("first", { behave: () => (down ? "timeout" : undefined) });
    const second = fake("second");
    const chain = createFallbackTranslator([first.translator, second.translator], {
      now: time.now,
      breaker: { failures: 3, cooldownMs: 60_000 },
    });
    for (let i = 0; i < 3; i++) await chain.translate(request(`메시지 ${i}`));
    expect(first.calls).toHaveLength(3);
    expect(chain.status()[0]).toMatchObject({ name: "first", breaker: "open", failures: 3 });
    for (let i = 3; i < 6; i++) await chain.translate(request(`메시지 ${i}`));
    expect(first.calls).toHaveLength(3);
    expect(second.calls).toHaveLength(6);
    expect(chain.status()[0]?.skipped.open).toBe(3);

    time.advance(60_000);
    down = false;
    expect((await chain.translate(request("다시"))).provider).toBe("first");
    expect(first.calls).toHaveLength(4);
    expect(chain.status()[0]?.breaker).toBe("closed");
  });

  it("treats rejected keys as a reason to use the next provider, loudly, and stops asking", async () => {
    const log = logger();
    const first = fake("first", { behave: () => "auth" });
    const second = fake("second");
    const chain = createFallbackTranslator([first.translator, second.translator], {
      logger: log,
    });
    expect((await chain.translate(request("하나"))).provider).toBe("second");
    expect((await chain.translate(request("둘"))).provider).toBe("second");
    // The breaker tripped at once: the second message did not ask the first provider.
    expect(first.calls).toHaveLength(1);
    expect(log.error).toHaveBeenCalledTimes(1);
    expect(String(log.error.mock.calls[0]?.[1])).toContain("auth");
  });

  it("goes to a provider that supports the target language, without calling one that does not", async () => {
    const first = fake("first", { capabilities: { languages: new Set(["ko", "ja"]) } });
    const second = fake("second", { behave: () => "unsupported" });
    const third = fake("third", { capabilities: { languages: new Set(["en", "zh"]) } });
    const chain = createFallbackTranslator([first.translator, second.translator, third.translator]);
    expect((await chain.translate(request("안녕"))).provider).toBe("third");
    expect(first.calls).toHaveLength(0);
    expect(second.calls).toHaveLength(1);
    // "zh-TW" counts as supported where "zh" is.
    expect((await chain.translate({ text: "안녕", source: "ko", target: "zh-TW" })).provider).toBe(
      "third",
    );
    // Not a sign of ill health.
    expect(chain.status()[1]?.breaker).toBe("closed");
  });

  it("stops at same-language: there is nothing to translate", async () => {
    const first = fake("first", { behave: () => "same-language" });
    const second = fake("second");
    const chain = createFallbackTranslator([first.translator, second.translator]);
    const error = failure(await chain.translate(request("hello")).catch((e: unknown) => e));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error.kind).toBe("same-language");
    expect(second.calls).toHaveLength(0);
  });

  it("when all fail, throws the last failure that says a provider is unwell", async () => {
    const chain = createFallbackTranslator([
      fake("a", { behave: () => "server" }).translator,
      fake("b", { behave: () => "rate" }).translator,
      fake("c", { behave: () => "unsupported" }).translator,
    ]);
    const error = failure(await chain.translate(request("x")).catch((e: unknown) => e));
    expect(error.kind).toBe("rate");
    expect(error.provider).toBe("b");
    const unsupported = createFallbackTranslator([
      fake("a", { behave: () => "unsupported" }).translator,
      fake("b", { behave: () => "too-long" }).translator,
    ]);
    expect(failure(await unsupported.translate(request("x")).catch((e: unknown) => e)).kind).toBe(
      "too-long",
    );
  });

  it("says why when no provider could even be tried", async () => {
    const time = clock();
    const only = fake("only", { behave: () => "quota" });
    const chain = createFallbackTranslator([only.translator], { now: time.now });
    expect(failure(await chain.translate(request("x")).catch((e: unknown) => e)).kind).toBe(
      "quota",
    );
    // Tripped: no call now, and the error says the translators are cooling off.
    const error = failure(await chain.translate(request("y")).catch((e: unknown) => e));
    expect(error.kind).toBe("server");
    expect(error.message).toContain("cooling off");
    expect(only.calls).toHaveLength(1);

    const japanese = createFallbackTranslator([
      fake("a", { capabilities: { languages: new Set(["ko"]) } }).translator,
    ]);
    const none = failure(
      await japanese.translate({ text: "x", source: "en", target: "ja" }).catch((e: unknown) => e),
    );
    expect(none.kind).toBe("unsupported");
  });

  it("times a call out even when the provider ignores its signal, and goes on", async () => {
    const stuck: Translator = {
      name: "stuck",
      real: true,
      translate: () => new Promise<TranslateResult>(() => undefined),
    };
    const hanging = fake("hanging", { behave: () => "hang" });
    const last = fake("last");
    const chain = createFallbackTranslator([stuck, hanging.translator, last.translator], {
      timeoutMs: 30,
    });
    expect((await chain.translate(request("늦어요"))).provider).toBe("last");
    expect(chain.status().map((status) => status.errors)).toEqual([
      { timeout: 1 },
      { timeout: 1 },
      {},
    ]);
  });

  it("skips a provider over its monthly budget and counts what each provider was sent", async () => {
    const time = clock();
    const store = createMemoryStore({ now: time.now });
    const budget = createProviderBudget(store, { monthlyChars: { first: 10 }, now: time.now });
    const first = fake("first");
    const second = fake("second");
    const chain = createFallbackTranslator([first.translator, second.translator], { budget });
    expect((await chain.translate(request("열 글자가 넘는 메시지입니다"))).provider).toBe("first");
    expect((await chain.translate(request("다음 메시지"))).provider).toBe("second");
    expect(first.calls).toHaveLength(1);
    expect(await budget.usage("first")).toEqual({
      provider: "first",
      today: 15,
      month: 15,
      monthlyLimit: 10,
    });
    expect((await budget.usage("second")).today).toBe(6);
    expect(chain.status()[0]?.skipped.budget).toBe(1);
  });

  it("batches texts for a provider that takes several, and sends a failing text's batch one by one", async () => {
    const batcher = fake("batcher", {
      capabilities: { maxTexts: 10 },
      behave: (call) => (call.texts.includes("same") ? "same-language" : undefined),
    });
    const chain = createFallbackTranslator([batcher.translator]);
    const outcomes = await chain.translateEach({
      texts: ["one", "same", "two"],
      source: "en",
      target: "ko",
    });
    expect(outcomes.map((o) => (o instanceof ProviderError ? o.kind : o.text))).toEqual([
      "batcher:ko:one",
      "same-language",
      "batcher:ko:two",
    ]);
    expect(batcher.calls).toEqual([["one", "same", "two"], ["one"], ["same"], ["two"]]);
    await expect(
      chain.translateBatch({ texts: ["a", "b"], source: "en", target: "ko" }),
    ).resolves.toHaveLength(2);
    expect(batcher.calls.at(-1)).toEqual(["a", "b"]);
  });

  it("sends only the texts a provider could not do to the next one", async () => {
    const first = fake("first", {
      behave: (call) => (call.texts[0] === "hard" ? "unsupported" : undefined),
    });
    const second = fake("second");
    const chain = createFallbackTranslator([first.translator, second.translator]);
    const outcomes = await chain.translateEach({
      texts: ["easy", "hard"],
      source: "en",
      target: "ko",
    });
    expect(outcomes.map((o) => (o instanceof ProviderError ? o.kind : o.provider))).toEqual([
      "first",
      "second",
    ]);
    expect(second.calls).toEqual([["hard"]]);
  });

  it("stops at once when the caller gives up, without blaming the provider", async () => {
    const hanging = fake("hanging", { behave: () => "hang" });
    const second = fake("second");
    const chain = createFallbackTranslator([hanging.translator, second.translator]);
    const controller = new AbortController();
    const translating = chain.translate({ ...request("x"), signal: controller.signal });
    controller.abort(new Error("budget ran out"));
    await expect(translating).rejects.toThrow("budget ran out");
    expect(second.calls).toHaveLength(0);
    expect(chain.status()[0]?.breaker).toBe("closed");
  });

  it("is real only when every provider is, and shows every attribution", () => {
    const papagoLike: Translator = { ...fake("p").translator, attribution: "Translated by Papago" };
    const pseudo: Translator = { name: "pseudo", real: false, translate: vi.fn() };
    expect(createFallbackTranslator([papagoLike]).real).toBe(true);
    expect(createFallbackTranslator([papagoLike, pseudo]).real).toBe(false);
    expect(createFallbackTranslator([papagoLike, pseudo]).attribution).toBe("Translated by Papago");
  });
});

import { describe, expect, it } from "vitest";
import { ProviderError } from "../errors.js";
import { createBatchingTranslator, type EachTranslator } from "./batching.js";
import type { Outcome } from "./fallback.js";
import type { BatchRequest, TranslateRequest } from "./types.js";

/** Records what it is asked; "bad" texts fail, others become "<target>:<text>". */
function recorder(options: { gate?: Promise<void> } = {}) {
  const batches: string[][] = [];
  const singles: TranslateRequest[] = [];
  const outcome = (text: string, request: Omit<BatchRequest, "texts">): Outcome =>
    text === "bad"
      ? new ProviderError({ provider: "inner", kind: "unsupported", message: "bad text" })
      : {
          text: `${request.target}:${text}`,
          source: request.source,
          target: request.target,
          provider: "inner",
        };
  const inner: EachTranslator & { status(): string } = {
    name: "inner",
    real: true,
    status: () => "inner status",
    async translate(request) {
      singles.push(request);
      await options.gate;
      const result = outcome(request.text, request);
      if (result instanceof ProviderError) throw result;
      return result;
    },
    async translateEach(request) {
      batches.push([...request.texts]);
      await options.gate;
      return request.texts.map((text) => outcome(text, request));
    },
  };
  return { inner, batches, singles };
}

describe("batching translator", () => {
  it("sends texts that arrive together as one batch per language pair, each getting its own answer", async () => {
    const { inner, batches } = recorder();
    const translator = createBatchingTranslator(inner);
    const results = await Promise.all([
      translator.translate({ text: "one", source: "en", target: "ko" }),
      translator.translate({ text: "two", source: "en", target: "ko" }),
      translator.translate({ text: "drei", source: "de", target: "ko" }),
      translator.translate({ text: "one", source: "en", target: "ko" }),
    ]);
    expect(results.map((r) => r.text)).toEqual(["ko:one", "ko:two", "ko:drei", "ko:one"]);
    // The same text twice is sent once; German goes in its own group (alone: a plain call).
    expect(batches).toEqual([["one", "two"]]);
  });

  it("gives one text's failure to that text only", async () => {
    const { inner } = recorder();
    const translator = createBatchingTranslator(inner);
    const [good, bad] = await Promise.allSettled([
      translator.translate({ text: "good", source: "en", target: "ko" }),
      translator.translate({ text: "bad", source: "en", target: "ko" }),
    ]);
    expect(good).toMatchObject({ status: "fulfilled", value: { text: "ko:good" } });
    expect(bad).toMatchObject({ status: "rejected", reason: { kind: "unsupported" } });
  });

  it("leaves at once when idle, and gathers what arrives while calls are in flight", async () => {
    let open: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const { inner, batches, singles } = recorder({ gate });
    const translator = createBatchingTranslator(inner, { maxInFlight: 1 });
    const first = translator.translate({ text: "first", source: "en", target: "ko" });
    await new Promise((resolve) => setImmediate(resolve));
    expect(singles.map((s) => s.text)).toEqual(["first"]);
    const later = ["a", "b", "c"].map((text) =>
      translator.translate({ text, source: "en", target: "ko" }),
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toEqual([]);
    open();
    await Promise.all([first, ...later]);
    expect(batches).toEqual([["a", "b", "c"]]);
  });

  it('sends "auto" texts and texts with their own signal alone, and keeps the inner translator\'s extras', async () => {
    const { inner, batches, singles } = recorder();
    const translator = createBatchingTranslator(inner);
    await Promise.all([
      translator.translate({ text: "ok", source: "auto", target: "ko" }),
      translator.translate({ text: "fine", source: "auto", target: "ko" }),
      translator.translate({
        text: "x",
        source: "en",
        target: "ko",
        signal: new AbortController().signal,
      }),
    ]);
    expect(batches).toEqual([]);
    expect(singles).toHaveLength(3);
    expect(translator.status()).toBe("inner status");
    expect(translator.name).toBe("inner");
  });

  it("caps a batch at maxBatch texts", async () => {
    const { inner, batches } = recorder();
    const translator = createBatchingTranslator(inner, { maxBatch: 2 });
    await Promise.all(
      ["a", "b", "c", "d", "e"].map((text) =>
        translator.translate({ text, source: "en", target: "ko" }),
      ),
    );
    expect(batches).toEqual([
      ["a", "b"],
      ["c", "d"],
    ]);
  });
});

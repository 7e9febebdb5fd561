import { describe, expect, it } from "vitest";
import { ProviderError } from "../errors.js";
import { createProvider, measure, type ProviderCall } from "./provider-kit.js";
import type { Capabilities } from "./types.js";

/** A provider that upper-cases, recording its calls. */
function fake(capabilities: Capabilities, behave?: (call: ProviderCall) => Promise<string[]>) {
  const calls: string[][] = [];
  const provider = createProvider({
    name: "fake",
    capabilities,
    timeoutMs: 100,
    secrets: ["sekret-key"],
    async call(call) {
      calls.push(call.texts);
      const texts = behave ? await behave(call) : call.texts.map((text) => text.toUpperCase());
      return { texts, detected: "en" };
    },
  });
  return { provider, calls };
}

const chars = (maxTexts: number, max: number): Capabilities => ({
  maxTexts,
  limit: { unit: "chars", max },
  autoDetect: true,
});

describe("provider kit", () => {
  it("splits a text over the limit at sentence ends and joins the translations back", async () => {
    const { provider, calls } = fake(chars(1, 30));
    const text = "First sentence is here. Second one follows it. And a third.";
    const result = await provider.translate({ text, source: "auto", target: "de" });
    expect(result.text).toBe(text.toUpperCase());
    expect(result.source).toBe("en");
    expect(calls.length).toBeGreaterThan(1);
    for (const call of calls) expect(call.join("").length).toBeLessThanOrEqual(30);
    // Whitespace between pieces is not sent, and comes back where it was.
    for (const call of calls) for (const piece of call) expect(piece).toBe(piece.trim());
  });

  it("counts bytes for byte-limited providers", async () => {
    const { provider, calls } = fake({
      maxTexts: 1,
      limit: { unit: "bytes", max: 60 },
      autoDetect: true,
    });
    const text = "안녕하세요. ".repeat(12).trim();
    const result = await provider.translate({ text, source: "ko", target: "en" });
    expect(result.text).toBe(text);
    for (const call of calls) expect(measure(call.join(""), "bytes")).toBeLessThanOrEqual(60);
  });

  it("packs several texts into as few calls as the batch size and limit allow", async () => {
    const { provider, calls } = fake(chars(3, 1000));
    const texts = ["one", "two", "", "three", "four", "five"];
    const results = await provider.translateBatch!({ texts, source: "en", target: "fr" });
    expect(results.map((r) => r.text)).toEqual(["ONE", "TWO", "", "THREE", "FOUR", "FIVE"]);
    // The empty text never reaches the provider.
    expect(calls).toEqual([
      ["one", "two", "three"],
      ["four", "five"],
    ]);
  });

  it("turns a call that does not answer in time into a timeout", async () => {
    const { provider } = fake(chars(1, 100), (call) => {
      return new Promise((_, reject) =>
        call.signal.addEventListener("abort", () => reject(new Error("aborted"))),
      );
    });
    const error = await provider
      .translate({ text: "hi", source: "en", target: "ko" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).kind).toBe("timeout");
  });

  it("refuses an answer with the wrong number of texts, and never shows a key", async () => {
    const { provider } = fake(chars(5, 100), () => Promise.resolve(["only one"]));
    const error = await provider.translateBatch!({
      texts: ["a", "b"],
      source: "en",
      target: "ko",
    }).catch((e: unknown) => e);
    expect((error as ProviderError).kind).toBe("server");
    const leaky = fake(chars(1, 100), () => Promise.reject(new Error("bad key sekret-key")));
    const leaked = await leaky.provider
      .translate({ text: "a", source: "en", target: "ko" })
      .catch((e: unknown) => e);
    expect((leaked as Error).message).not.toContain("sekret-key");
  });
});

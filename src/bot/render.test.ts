import { describe, expect, it } from "vitest";
import { ProviderError } from "../errors.js";
import { createMemoryStore } from "../store/memory.js";
import { createCachedTranslator } from "../translate/cache.js";
import { detectLanguage } from "../translate/detect.js";
import type { TranslateRequest, Translator } from "../translate/types.js";
import { compose, render } from "./render.js";

/** `${target}:${text}`, except: "same" for targets listed, failures for others, echoes for some. */
function fakeTranslator(behaviour: { same?: string[]; fail?: string[]; echo?: string[] } = {}) {
  const calls: TranslateRequest[] = [];
  const translator: Translator = {
    name: "fake",
    real: true,
    translate(request) {
      calls.push(request);
      const { target, text } = request;
      if (behaviour.same?.includes(target)) {
        return Promise.reject(
          new ProviderError({ provider: "fake", kind: "same-language", message: "same" }),
        );
      }
      if (behaviour.fail?.includes(target)) {
        return Promise.reject(
          new ProviderError({ provider: "fake", kind: "server", message: "down" }),
        );
      }
      const out = behaviour.echo?.includes(target) ? text : `${target}:${text}`;
      return Promise.resolve({ text: out, source: "ko", target, provider: "fake" });
    },
  };
  return { translator, calls };
}

const korean = "오늘 날씨가 정말 좋네요";
const request = (targets: string[], showSourceTag = false) => ({
  text: korean,
  detection: detectLanguage(korean),
  targets,
  showSourceTag,
});

function cacheOver(translator: Translator) {
  return createCachedTranslator(translator, createMemoryStore());
}

describe("render", () => {
  it("one language, no tag: the translation as it is; the characters count once", async () => {
    const { translator, calls } = fakeTranslator();
    const cache = cacheOver(translator);
    const first = await render(cache, request(["en"]));
    expect(first).toEqual({
      parts: [{ text: `en:${korean}` }],
      targets: ["en"],
      charged: korean.length,
    });
    expect((await render(cache, request(["en"]))).charged).toBe(0);
    expect(calls.map((call) => call.source)).toEqual(["ko"]);
  });

  it("several languages in one message, each labelled; the source too when tags are shown", async () => {
    const cache = cacheOver(fakeTranslator().translator);
    expect((await render(cache, request(["en", "ja"]))).parts).toEqual([
      { text: `[en] en:${korean}\n\n[ja] ja:${korean}` },
    ]);
    expect((await render(cache, request(["en"], true))).parts).toEqual([
      { text: `[ko → en] en:${korean}` },
    ]);
  });

  it("leaves out a language the text is already in, or that comes back unchanged", async () => {
    const cache = cacheOver(fakeTranslator({ same: ["en"], echo: ["ja"] }).translator);
    expect(await render(cache, request(["en", "ja", "zh"]))).toMatchObject({
      parts: [{ text: `[zh] zh:${korean}` }],
      targets: ["zh"],
    });
    const none = await render(cache, request(["en", "ja"]));
    expect(none).toEqual({ parts: [], targets: [], charged: 0 });
  });

  it("says which provider failure kept a language out, and still sends the others", async () => {
    const cache = cacheOver(fakeTranslator({ fail: ["ja"] }).translator);
    const rendered = await render(cache, request(["en", "ja"]));
    expect(rendered.parts).toEqual([{ text: `[en] en:${korean}` }]);
    expect(rendered.failure?.kind).toBe("server");
  });
});

describe("compose", () => {
  it("joins blocks while they fit, escaping plain text into the HTML of formatted ones", () => {
    const blocks = [
      { label: "en", parts: [{ text: "a < b" }] },
      { label: "ja", parts: [{ text: "<b>bold</b> &amp; co", parse_mode: "HTML" as const }] },
    ];
    expect(compose(blocks)).toEqual([
      { text: "[en] a &lt; b\n\n[ja] <b>bold</b> &amp; co", parse_mode: "HTML" },
    ]);
  });

  it("starts a new message when the next block would pass the limit", () => {
    const blocks = [
      { label: "en", parts: [{ text: "x".repeat(30) }] },
      { label: "ja", parts: [{ text: "y".repeat(30) }] },
    ];
    expect(compose(blocks, 50).map((part) => part.text)).toEqual([
      `[en] ${"x".repeat(30)}`,
      `[ja] ${"y".repeat(30)}`,
    ]);
  });
});

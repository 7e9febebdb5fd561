import { describe, expect, it } from "vitest";
import {
  effectiveSettings,
  pairFor,
  requestedTargets,
  targetsFor,
  userLanguageOf,
} from "./chat-settings.js";

const defaults = { home: "ko", foreign: "en" };

describe("effectiveSettings", () => {
  it("fills the defaults: auto in private chats, manual in groups, the configured pair", () => {
    expect(effectiveSettings({}, "private", defaults)).toEqual({
      mode: "auto",
      languages: ["ko", "en"],
      targets: ["ko"],
      showSourceTag: false,
      formality: undefined,
      ignoredUsers: [],
    });
    expect(effectiveSettings({}, "supergroup", defaults).mode).toBe("manual");
    expect(effectiveSettings({}, "group", defaults).mode).toBe("manual");
  });

  it("reads the /lang choice of older versions as the pair [it, home]", () => {
    expect(effectiveSettings({ targetLanguage: "ja" }, "private", defaults)).toMatchObject({
      languages: ["ja", "ko"],
      targets: ["ja"],
    });
    expect(effectiveSettings({ targetLanguage: "ko" }, "private", defaults).languages).toEqual([
      "ko",
      "en",
    ]);
  });

  it("ignores what it cannot use (a hand-edited or future value)", () => {
    const odd = { mode: "loud", languages: [], targets: [3], formality: "posh" } as never;
    expect(effectiveSettings(odd, "group", defaults)).toMatchObject({
      mode: "manual",
      languages: ["ko", "en"],
      targets: ["ko"],
      formality: undefined,
    });
  });
});

describe("targetsFor", () => {
  it("a bilingual pair: each into the other; anything else into the main language", () => {
    const pair = { languages: ["ko", "en"], targets: ["ko"] };
    expect(targetsFor("ko", pair)).toEqual(["en"]);
    expect(targetsFor("en", pair)).toEqual(["ko"]);
    expect(targetsFor("ja", pair)).toEqual(["ko"]);
    expect(targetsFor("zh-TW", { languages: ["zh", "en"], targets: ["zh"] })).toEqual(["en"]);
  });

  it("one or three languages: messages in them are left alone, others go into the targets", () => {
    expect(targetsFor("en", { languages: ["en"], targets: ["en"] })).toEqual([]);
    expect(targetsFor("de", { languages: ["en"], targets: ["en"] })).toEqual(["en"]);
    const three = { languages: ["ko", "en", "ja"], targets: ["ko", "en"] };
    expect(targetsFor("ja", three)).toEqual([]);
    expect(targetsFor("fr", three)).toEqual(["ko", "en"]);
  });

  it("several targets never include the message's own language", () => {
    expect(targetsFor("en", { languages: ["ko"], targets: ["ja", "en"] })).toEqual(["ja"]);
  });
});

describe("requestedTargets", () => {
  const chat = { languages: ["en"], targets: ["en"] };
  it("follows the chat's rule when it says something", () => {
    expect(requestedTargets("de", chat, "ko", defaults)).toEqual(["en"]);
  });
  it("else the asker's language, else the main one, else the pair's other", () => {
    expect(requestedTargets("en", chat, "ko", defaults)).toEqual(["ko"]);
    expect(requestedTargets("en", chat, "en", defaults)).toEqual(["ko"]);
    expect(requestedTargets("ko", { languages: ["ko"], targets: ["ko"] }, "ko", defaults)).toEqual([
      "en",
    ]);
  });
});

describe("pairFor and userLanguageOf", () => {
  it("pairs a language with home, or home with foreign", () => {
    expect(pairFor("ja", defaults)).toEqual(["ja", "ko"]);
    expect(pairFor("ko", defaults)).toEqual(["ko", "en"]);
  });
  it("reads Telegram's language_code", () => {
    expect(userLanguageOf("pt-br")).toBe("pt");
    expect(userLanguageOf("zh-hant")).toBe("zh-TW");
    expect(userLanguageOf("zh-hans")).toBe("zh");
    expect(userLanguageOf(undefined)).toBeUndefined();
    expect(userLanguageOf("x")).toBeUndefined();
  });
});

import { Writable } from "node:stream";
import { Bot } from "grammy";
import type { InlineQueryResultArticle, InputTextMessageContent, User } from "grammy/types";
import { afterEach, describe, expect, it } from "vitest";
import { ProviderError } from "../errors.js";
import { createLogger } from "../log.js";
import { createMemoryStore } from "../store/memory.js";
import type { Store } from "../store/types.js";
import type { TranslateRequest, TranslateResult, Translator } from "../translate/types.js";
import type { BotDeps } from "./index.js";
import { userLanguageOf } from "./chat-settings.js";
import { inlineTargets, registerInline, resultId } from "./inline.js";
import { createTranslation, type TranslationSettings } from "./translate-message.js";
import { botIdentity } from "./identity.js";

const PAIR = { home: "ko", foreign: "en" };

describe("userLanguageOf", () => {
  it("takes the language of Telegram's language_code", () => {
    expect(userLanguageOf("ko")).toBe("ko");
    expect(userLanguageOf("pt-br")).toBe("pt");
    expect(userLanguageOf("EN")).toBe("en");
    expect(userLanguageOf("zh-hans")).toBe("zh");
    expect(userLanguageOf("zh-hant")).toBe("zh-TW");
  });

  it("has none for a missing or malformed code", () => {
    expect(userLanguageOf(undefined)).toBeUndefined();
    expect(userLanguageOf("")).toBeUndefined();
    expect(userLanguageOf("x")).toBeUndefined();
    expect(userLanguageOf("12")).toBeUndefined();
  });
});

describe("inlineTargets", () => {
  const targets = (detected: string, userLanguage: string | undefined, sure = true) =>
    inlineTargets({ detected, sure, userLanguage, languages: PAIR });

  it("offers the pair's other language to a Korean user writing Korean", () => {
    expect(targets("ko", "ko")).toEqual(["en"]);
  });

  it("puts the bot's usual direction first, then the user's language, never the text's own", () => {
    expect(targets("ko", "ja")).toEqual(["en", "ja"]);
    expect(targets("ja", "ja")).toEqual(["ko", "en"]);
    expect(targets("en", "en")).toEqual(["ko"]);
    expect(targets("es", "ko")).toEqual(["ko", "en"]);
    expect(targets("es", "fr")).toEqual(["ko", "fr", "en"]);
    expect(targets("en", undefined)).toEqual(["ko"]);
  });

  it("keeps the guessed language when the detector is unsure (the provider decides)", () => {
    expect(targets("en", "ko", false)).toEqual(["ko", "en"]);
  });

  it("counts regional variants as one language", () => {
    const languages = { home: "zh-TW", foreign: "en" };
    expect(inlineTargets({ detected: "ko", sure: true, userLanguage: "zh", languages })).toEqual([
      "zh-TW",
      "en",
    ]);
  });
});

describe("resultId", () => {
  it("is stable, at most 64 bytes, and differs by language and text", () => {
    const text = "안녕하세요 ".repeat(60);
    expect(resultId("en", text)).toBe(resultId("en", text));
    expect(Buffer.byteLength(resultId("zh-TW", text))).toBeLessThanOrEqual(64);
    expect(resultId("ja", text)).not.toBe(resultId("en", text));
    expect(resultId("en", `${text}!`)).not.toBe(resultId("en", text));
  });
});

// The handler, driven through grammY with Telegram's side replaced by a recorder.

interface Answer {
  inline_query_id: string;
  results: InlineQueryResultArticle[];
  cache_time?: number;
  is_personal?: boolean;
  button?: { text: string; start_parameter?: string };
}

type Behaviour = (request: TranslateRequest) => Promise<TranslateResult>;

const stores: Store[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
});

const papagoLike: Behaviour = (request) =>
  Promise.resolve({
    text: `${request.target}:${request.text}`,
    source: request.source,
    target: request.target,
    provider: "fake",
  });

function setUp(
  options: {
    behaviour?: Behaviour;
    translation?: TranslationSettings;
    timeoutMs?: number;
    answerFails?: boolean;
  } = {},
) {
  const requests: TranslateRequest[] = [];
  const translator: Translator = {
    name: "fake",
    real: true,
    translate(request) {
      requests.push(request);
      return (options.behaviour ?? papagoLike)(request);
    },
  };
  const logs: string[] = [];
  const logger = createLogger({
    level: "debug",
    secrets: [],
    destination: new Writable({
      write(chunk: Buffer, _encoding, done) {
        logs.push(chunk.toString());
        done();
      },
    }),
  });
  const store = createMemoryStore();
  stores.push(store);
  const deps: BotDeps = {
    translator,
    store,
    logger,
    languages: PAIR,
    ...(options.translation === undefined ? {} : { translation: options.translation }),
  };
  const bot = new Bot("1:unused", {
    botInfo: botIdentity({ id: 1, username: "b_bot" }),
  });
  const answers: Answer[] = [];
  bot.api.config.use((_previous, method, payload) => {
    if (method !== "answerInlineQuery") throw new Error(`unexpected call ${method}`);
    answers.push(payload as unknown as Answer);
    if (options.answerFails) {
      return Promise.resolve({
        ok: false as const,
        error_code: 400,
        description:
          "Bad Request: query is too old and response timeout expired or query ID is invalid",
      });
    }
    return Promise.resolve({ ok: true as const, result: true as never });
  });
  registerInline(bot, deps, createTranslation(deps), {
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  });

  let updateId = 0;
  /** Sends one inline query; resolves with the bot's answer once the handler is done. */
  async function query(text: string, from: Partial<User> = {}): Promise<Answer | undefined> {
    const before = answers.length;
    await bot.handleUpdate({
      update_id: ++updateId,
      inline_query: {
        id: `q${updateId}`,
        from: { id: 42, is_bot: false, first_name: "Minji", language_code: "ko", ...from },
        query: text,
        offset: "",
      },
    });
    expect(answers.length).toBe(before + 1);
    return answers[before];
  }
  return { query, requests, store, logs, answers };
}

const messageText = (result: InlineQueryResultArticle | undefined) =>
  (result?.input_message_content as InputTextMessageContent | undefined)?.message_text;

describe("inline queries", () => {
  it("answers a Korean user's Korean text with its English translation, personal and cached", async () => {
    const { query, requests } = setUp();
    const answer = await query("안녕하세요 반갑습니다");
    expect(requests.map(({ source, target }) => `${source}>${target}`)).toEqual(["ko>en"]);
    expect(answer?.cache_time).toBe(300);
    expect(answer?.is_personal).toBe(true);
    expect(answer?.button).toBeUndefined();
    expect(answer?.results).toHaveLength(1);
    const [result] = answer?.results ?? [];
    expect(result).toMatchObject({
      type: "article",
      id: resultId("en", "안녕하세요 반갑습니다"),
      title: "영어",
      description: "en:안녕하세요 반갑습니다",
    });
    expect(messageText(result)).toBe("en:안녕하세요 반갑습니다");
    expect(result?.input_message_content).not.toHaveProperty("parse_mode");
  });

  it("offers several languages, titled in the user's language, and caches each", async () => {
    const { query, requests } = setUp();
    const answer = await query("안녕하세요 반갑습니다", { language_code: "ja" });
    expect(answer?.results.map((result) => [result.title, messageText(result)])).toEqual([
      ["英語", "en:안녕하세요 반갑습니다"],
      ["日本語", "ja:안녕하세요 반갑습니다"],
    ]);
    await query("안녕하세요   반갑습니다 ", { language_code: "ja" });
    expect(requests).toHaveLength(2);
  });

  it("answers an empty or letter-less query with no results and a hint, translating nothing", async () => {
    const { query, requests } = setUp();
    for (const text of ["", "   ", "👍🎉 123", "https://example.com"]) {
      const answer = await query(text, { language_code: "en" });
      expect(answer?.results).toEqual([]);
      expect(answer?.is_personal).toBe(true);
      expect(answer?.button).toEqual({
        text: "Type a text to translate it",
        start_parameter: "inline",
      });
    }
    expect(requests).toEqual([]);
  });

  it("answers a provider failure with an empty, uncached list saying why", async () => {
    const { query, logs } = setUp({
      behaviour: () =>
        Promise.reject(new ProviderError({ provider: "fake", kind: "server", message: "500" })),
    });
    const answer = await query("안녕하세요 반갑습니다");
    expect(answer?.results).toEqual([]);
    expect(answer?.cache_time).toBe(0);
    expect(answer?.button?.text).toBe("지금은 번역할 수 없습니다");
    expect(logs.join("")).toContain("inline translation failed");
  });

  it("gives up on a translation that does not come back in time", async () => {
    const { query, requests } = setUp({
      behaviour: (request) =>
        new Promise((_resolve, reject) =>
          request.signal?.addEventListener("abort", () => reject(new Error("aborted"))),
        ),
      timeoutMs: 20,
    });
    const answer = await query("안녕하세요 반갑습니다", { language_code: "en" });
    expect(requests[0]?.signal?.aborted).toBe(true);
    expect(answer?.results).toEqual([]);
    expect(answer?.button?.text).toBe("Translation is unavailable right now");
  });

  it("answers with what came back when one language fails, without caching the answer", async () => {
    const { query } = setUp({
      behaviour: (request) =>
        request.target === "ja"
          ? Promise.reject(
              new ProviderError({ provider: "fake", kind: "timeout", message: "slow" }),
            )
          : papagoLike(request),
    });
    const answer = await query("안녕하세요 반갑습니다", { language_code: "ja" });
    expect(answer?.results.map(messageText)).toEqual(["en:안녕하세요 반갑습니다"]);
    expect(answer?.cache_time).toBe(0);
  });

  it("leaves out a language the text is already in, as the provider says", async () => {
    const { query, requests } = setUp({
      behaviour: (request) =>
        request.target === "en"
          ? Promise.resolve({ ...request, source: "en", provider: "fake" })
          : papagoLike(request),
    });
    // Too short for the offline detector to be sure: the provider detects ("auto").
    const answer = await query("ok", { language_code: "ko" });
    expect(requests.map(({ source, target }) => `${source}>${target}`)).toEqual([
      "auto>ko",
      "auto>en",
    ]);
    expect(answer?.results.map(messageText)).toEqual(["ko:ok"]);
    expect(answer?.button).toBeUndefined();
  });

  it("cuts a query to Telegram's 256 characters", async () => {
    const { query, requests } = setUp();
    await query("가".repeat(300));
    expect(requests[0]?.text).toBe("가".repeat(256));
  });

  it("counts translated characters against the daily quota and stops at it", async () => {
    const { query, requests, store } = setUp({
      translation: { quotas: { userDailyChars: 20, chatDailyChars: 0 } },
    });
    await query("안녕하세요 반갑습니다", { language_code: "ja" });
    expect((await store.getUsage({ userId: 42 })).characters).toBe(22);
    const over = await query("오늘 날씨가 좋네요");
    expect(over?.results).toEqual([]);
    expect(over?.button?.text).toBe("오늘의 번역 한도에 도달했습니다");
    expect(requests).toHaveLength(2);
  });

  it("never throws when Telegram refuses the answer", async () => {
    const { query, logs } = setUp({ answerFails: true });
    await query("안녕하세요 반갑습니다");
    expect(logs.join("")).toContain("could not answer the inline query");
  });
});

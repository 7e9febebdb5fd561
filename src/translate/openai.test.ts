// The OpenAI-compatible translator against the local stand-in that follows the chat-completions
// contract (and reads what to translate from the JSON user message babelgram sends): the translator
// contract first (test/support/provider-contract.ts), then what only this provider does.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { chatCompletion, startOpenAiStandIn } from "../../test/stand-ins/openai.js";
import { describeProviderContract } from "../../test/support/provider-contract.js";
import { ConfigError } from "../errors.js";
import {
  BATCH_PROMPT,
  SINGLE_PROMPT,
  TRANSLATIONS_FORMAT,
  createOpenAiTranslator,
  openAiOptionsFromEnv,
  type OpenAiOptions,
} from "./openai.js";

const API_KEY = `sk-test-${randomBytes(16).toString("hex")}`;

const openai = describeProviderContract({
  name: "openai",
  start: () => startOpenAiStandIn({ apiKey: API_KEY, maxInputChars: 8000 }),
  create: (standIn, overrides: OpenAiOptions = {}) =>
    createOpenAiTranslator({ apiKey: API_KEY, baseUrl: standIn.url, ...overrides }),
  at: (url) => ({ baseUrl: `${url}/v1` }),
  secrets: [API_KEY],
  capabilities: { maxTexts: 20, limit: { unit: "chars", max: 8000 }, autoDetect: true },
  marks: { en: "en:", ko: "ko:" },
  textsOf: (request) => request.input?.texts ?? [],
  failures: {
    auth: { answer: "auth", status: 401, code: "invalid_api_key" },
    quota: { answer: "quota", status: 429, code: "insufficient_quota" },
    rate: { answer: "rate", status: 429, code: "rate_limit_exceeded" },
    server: { answer: "server", status: 500, code: "server_error" },
    malformed: { answer: "malformed", status: 200, code: undefined },
  },
  answers: [
    [
      "429 with only a type",
      { status: 429, body: { error: { message: "quota", type: "insufficient_quota" } } },
      "quota",
      429,
      "insufficient_quota",
    ],
    ["400 context length", "context-length", "too-long", 400, "context_length_exceeded"],
    ["503 overloaded", "overloaded", "server", 503, "server_error"],
    ["502 HTML page", { status: 502, body: "<html>Bad Gateway</html>" }, "server", 502, undefined],
    [
      "402 insufficient balance (DeepSeek)",
      { status: 402, body: { error: { message: "Insufficient Balance", type: "unknown_error" } } },
      "quota",
      402,
      "unknown_error",
    ],
    ["finish_reason length", "truncated", "too-long", 200, "length"],
    [
      "finish_reason content_filter",
      { status: 200, body: chatCompletion("", { finishReason: "content_filter" }) },
      "unsupported",
      200,
      "content_filter",
    ],
    ["JSON of another shape", { status: 200, body: { choices: [] } }, "server", 200, undefined],
  ],
  echo: {
    status: 401,
    body: {
      error: { message: `Incorrect API key provided: ${API_KEY}`, code: "invalid_api_key" },
    },
  },
});
const { translator, failure } = openai;

/** The JSON babelgram put into the user message of a request. */
function userJson(index: number): unknown {
  const messages = openai.standIn.requests[index]?.body?.messages as
    { content: string }[] | undefined;
  return JSON.parse(messages?.[1]?.content ?? "null");
}

describe("OpenAI-compatible translator", () => {
  it("takes the text and character limits it is given", () => {
    expect(translator({ maxTexts: 1, maxChars: 2000 }).capabilities).toMatchObject({
      maxTexts: 1,
      limit: { unit: "chars", max: 2000 },
    });
  });

  it("sends one text in the documented request, and reads a plain answer", async () => {
    const result = await translator().translate({ text: "안녕하세요", source: "ko", target: "en" });
    expect(result.text).toBe("en:안녕하세요");
    expect(openai.standIn.requests).toHaveLength(1);
    const [request] = openai.standIn.requests;
    expect(request?.method).toBe("POST");
    expect(request?.path).toBe("/v1/chat/completions");
    expect(request?.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(request?.headers["content-type"]).toBe("application/json");
    expect(request?.body).toEqual({
      model: "gpt-4o-mini",
      temperature: 0,
      messages: [
        { role: "system", content: SINGLE_PROMPT },
        { role: "user", content: expect.any(String) as string },
      ],
    });
    expect(userJson(0)).toEqual({
      source: "ko",
      source_language: "Korean",
      target: "en",
      target_language: "English",
      texts: ["안녕하세요"],
    });
  });

  it("asks for the translation only, keeping what is not prose", () => {
    for (const prompt of [SINGLE_PROMPT, BATCH_PROMPT]) {
      for (const kept of ["line breaks", "emoji", "URLs", "@mentions", "#hashtags", "code"]) {
        expect(prompt).toContain(kept);
      }
    }
    expect(SINGLE_PROMPT).toMatch(/translation only, without quotes/);
  });

  it("sends several texts in one call with structured output, and keeps their order", async () => {
    const texts = ["하나", "둘", "", "셋", "넷"];
    const results = await translator().translateBatch!({ texts, source: "ko", target: "ja" });
    expect(results.map((r) => r.text)).toEqual(["ja:하나", "ja:둘", "", "ja:셋", "ja:넷"]);
    expect(openai.standIn.requests).toHaveLength(1);
    expect(openai.standIn.requests[0]?.body?.response_format).toEqual(TRANSLATIONS_FORMAT);
    expect(openai.standIn.requests[0]?.body?.messages).toMatchObject([
      { content: BATCH_PROMPT },
      {},
    ]);
    expect(userJson(0)).toMatchObject({ texts: ["하나", "둘", "셋", "넷"], target: "ja" });
  });

  it("with maxTexts 1, sends every text alone and asks for no structured output", async () => {
    const results = await translator({ maxTexts: 1 }).translateBatch!({
      texts: ["one", "two"],
      source: "en",
      target: "ko",
    });
    expect(results.map((r) => r.text)).toEqual(["ko:one", "ko:two"]);
    expect(openai.standIn.requests.map((r) => r.body?.response_format)).toEqual([
      undefined,
      undefined,
    ]);
  });

  it('sends "auto" and, since the model does not say, reports the source as "auto"', async () => {
    const result = await translator().translate({ text: "Bonjour", source: "auto", target: "ko" });
    expect(result).toMatchObject({ text: "ko:Bonjour", source: "auto", target: "ko" });
    expect(userJson(0)).toEqual({
      source: "auto",
      target: "ko",
      target_language: "Korean",
      texts: ["Bonjour"],
    });
  });

  it("works without a key for local servers, and with another model", async () => {
    const local = await startOpenAiStandIn();
    try {
      const result = await createOpenAiTranslator({
        baseUrl: `${local.url}/`,
        model: "local-model",
      }).translate({ text: "Hello", source: "en", target: "ko" });
      expect(result.text).toBe("ko:Hello");
      expect(local.requests[0]?.headers.authorization).toBeUndefined();
      expect(local.requests[0]?.body?.model).toBe("local-model");
    } finally {
      await local.close();
    }
  });

  it("the stand-in itself refuses more than its context allows", async () => {
    const error = await failure(
      translator({ maxChars: 20_000 }).translate({
        text: "word ".repeat(2000).trim(),
        source: "en",
        target: "ko",
      }),
    );
    expect([error.kind, error.code]).toEqual(["too-long", "context_length_exceeded"]);
  });

  it.each<[string, string]>([
    ["content that is not JSON", "Sure! Here are your translations: en:하나, en:둘"],
    ["JSON without translations", JSON.stringify({ result: ["en:하나", "en:둘"] })],
    ["too few translations", JSON.stringify({ translations: ["en:하나"] })],
    ["translations that are not strings", JSON.stringify({ translations: [1, 2] })],
  ])("a batch answered with %s is a server failure", async (_name, content) => {
    openai.standIn.failNext(1, { status: 200, body: chatCompletion(content) });
    const error = await failure(
      translator().translateBatch!({ texts: ["하나", "둘"], source: "ko", target: "en" }),
    );
    expect(error.kind).toBe("server");
    expect(error.message).toContain("malformed answer");
  });

  it("maps what the stand-in itself refuses: wrong key, unknown model, wrong base URL", async () => {
    const wrongKey = await failure(
      translator({ apiKey: "sk-wrong" }).translate({ text: "안녕", source: "ko", target: "en" }),
    );
    expect([wrongKey.kind, wrongKey.status, wrongKey.code]).toEqual([
      "auth",
      401,
      "invalid_api_key",
    ]);
    const noKey = await failure(
      translator({ apiKey: "" }).translate({ text: "안녕", source: "ko", target: "en" }),
    );
    expect([noKey.kind, noKey.status]).toEqual(["auth", 401]);
    const unknownModel = await failure(
      translator({ model: "gpt-9" }).translate({ text: "안녕", source: "ko", target: "en" }),
    );
    expect([unknownModel.kind, unknownModel.status, unknownModel.code]).toEqual([
      "auth",
      404,
      "model_not_found",
    ]);
    const wrongUrl = await failure(
      translator({ baseUrl: openai.standIn.url.replace(/\/v1$/, "/v2") }).translate({
        text: "안녕",
        source: "ko",
        target: "en",
      }),
    );
    expect([wrongUrl.kind, wrongUrl.status]).toEqual(["auth", 404]);
  });
});

describe("openAiOptionsFromEnv", () => {
  it("is off unless OPENAI_API_KEY or OPENAI_BASE_URL is set", () => {
    expect(openAiOptionsFromEnv({})).toBeUndefined();
    expect(openAiOptionsFromEnv({ OPENAI_API_KEY: " ", OPENAI_MODEL: "gpt-4o" })).toBeUndefined();
  });

  it("defaults to OpenAI and gpt-4o-mini with a key; a local server needs no key", () => {
    expect(openAiOptionsFromEnv({ OPENAI_API_KEY: "sk-abc" })).toEqual({
      apiKey: "sk-abc",
      baseUrl: "https://api.openai.com/v1",
      model: "gpt-4o-mini",
    });
    expect(
      openAiOptionsFromEnv({
        OPENAI_BASE_URL: "http://127.0.0.1:11434/v1/",
        OPENAI_MODEL: "qwen2.5:7b",
        OPENAI_MAX_TEXTS: "1",
        OPENAI_MAX_CHARS: "4000",
        OPENAI_TIMEOUT_MS: "60000",
      }),
    ).toEqual({
      baseUrl: "http://127.0.0.1:11434/v1",
      model: "qwen2.5:7b",
      maxTexts: 1,
      maxChars: 4000,
      timeoutMs: 60_000,
    });
  });

  it("names the variable of a malformed value, without echoing it", () => {
    const cases: [Record<string, string>, string][] = [
      [{ OPENAI_API_KEY: "sk-abc", OPENAI_BASE_URL: "openai.example/v1" }, "OPENAI_BASE_URL"],
      [{ OPENAI_BASE_URL: "ftp://sk-abc@example.com" }, "OPENAI_BASE_URL"],
      [{ OPENAI_API_KEY: "sk-abc", OPENAI_MAX_TEXTS: "101" }, "OPENAI_MAX_TEXTS"],
      [{ OPENAI_API_KEY: "sk-abc", OPENAI_MAX_CHARS: "lots" }, "OPENAI_MAX_CHARS"],
      [{ OPENAI_API_KEY: "sk-abc", OPENAI_TIMEOUT_MS: "1.5" }, "OPENAI_TIMEOUT_MS"],
    ];
    for (const [env, variable] of cases) {
      let caught: unknown;
      try {
        openAiOptionsFromEnv(env);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(ConfigError);
      expect((caught as ConfigError).variable).toBe(variable);
      expect((caught as ConfigError).message).toMatch(new RegExp(`^${variable}: `));
      expect((caught as ConfigError).message).not.toContain("sk-abc");
      expect((caught as ConfigError).message).not.toContain(env[variable]);
    }
  });
});

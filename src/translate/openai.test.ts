// The OpenAI-compatible translator against the local stand-in that follows the chat-completions
// contract (and reads what to translate from the JSON user message babelgram sends).
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import { inspect } from "node:util";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  chatCompletion,
  startOpenAiStandIn,
  type OpenAiFailure,
  type OpenAiStandIn,
} from "../../test/stand-ins/openai.js";
import { ConfigError, ProviderError, type ProviderFailure } from "../errors.js";
import {
  BATCH_PROMPT,
  SINGLE_PROMPT,
  TRANSLATIONS_FORMAT,
  createOpenAiTranslator,
  openAiOptionsFromEnv,
  type OpenAiOptions,
} from "./openai.js";

const API_KEY = `sk-test-${randomBytes(16).toString("hex")}`;

let openai: OpenAiStandIn;
/** Every error seen, checked for the key at the end. */
const errors: unknown[] = [];

beforeAll(async () => {
  openai = await startOpenAiStandIn({ apiKey: API_KEY, maxInputChars: 8000 });
});
afterEach(() => openai.reset());
afterAll(async () => {
  await openai.close();
});

function translator(options: OpenAiOptions = {}) {
  return createOpenAiTranslator({ apiKey: API_KEY, baseUrl: openai.url, ...options });
}

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  errors.push(error);
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

/** The JSON babelgram put into the user message of a request. */
function userJson(index: number): unknown {
  const messages = openai.requests[index]?.body?.messages as { content: string }[] | undefined;
  return JSON.parse(messages?.[1]?.content ?? "null");
}

describe("OpenAI-compatible translator", () => {
  it("describes itself", () => {
    const llm = translator();
    expect(llm.name).toBe("openai");
    expect(llm.real).toBe(true);
    expect(llm.capabilities).toEqual({
      maxTexts: 20,
      limit: { unit: "chars", max: 8000 },
      autoDetect: true,
    });
    expect(translator({ maxTexts: 1, maxChars: 2000 }).capabilities).toMatchObject({
      maxTexts: 1,
      limit: { unit: "chars", max: 2000 },
    });
  });

  it("translates one text with the documented request and a plain answer", async () => {
    const result = await translator().translate({ text: "안녕하세요", source: "ko", target: "en" });
    expect(result).toEqual({
      text: "en:안녕하세요",
      source: "ko",
      target: "en",
      provider: "openai",
    });
    expect(openai.requests).toHaveLength(1);
    const [request] = openai.requests;
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
    expect(openai.requests).toHaveLength(1);
    expect(openai.requests[0]?.body?.response_format).toEqual(TRANSLATIONS_FORMAT);
    expect(openai.requests[0]?.body?.messages).toMatchObject([{ content: BATCH_PROMPT }, {}]);
    expect(userJson(0)).toMatchObject({ texts: ["하나", "둘", "셋", "넷"], target: "ja" });
  });

  it("packs at most maxTexts texts into a call", async () => {
    const texts = Array.from({ length: 25 }, (_, i) => `text number ${i}`);
    const results = await translator().translateBatch!({ texts, source: "en", target: "ko" });
    expect(results.map((r) => r.text)).toEqual(texts.map((t) => `ko:${t}`));
    expect(openai.requests.map((r) => r.input?.texts.length)).toEqual([20, 5]);
  });

  it("with maxTexts 1, sends every text alone and asks for no structured output", async () => {
    const results = await translator({ maxTexts: 1 }).translateBatch!({
      texts: ["one", "two"],
      source: "en",
      target: "ko",
    });
    expect(results.map((r) => r.text)).toEqual(["ko:one", "ko:two"]);
    expect(openai.requests.map((r) => r.body?.response_format)).toEqual([undefined, undefined]);
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

  it("cuts a text over the limit at sentence ends and joins the translations", async () => {
    const sentence = "The weather is lovely today. Shall we go for a walk? ";
    const text = sentence.repeat(Math.ceil(20_000 / sentence.length)).trim();
    const result = await translator().translate({ text, source: "en", target: "ko" });
    expect(openai.requests.length).toBeGreaterThan(2);
    for (const request of openai.requests) {
      const pieces = request.input?.texts ?? [];
      expect(pieces.join("").length).toBeLessThanOrEqual(8000);
      for (const piece of pieces) {
        expect(piece).toBe(piece.trim());
        expect(piece).toMatch(/[.?]$/);
      }
    }
    expect(result.text.startsWith("ko:The weather")).toBe(true);
    expect(result.text.replaceAll("ko:", "")).toBe(text);
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

  it.each<[string, ProviderFailure, OpenAiFailure, number, string | undefined]>([
    ["401 invalid key", "auth", "auth", 401, "invalid_api_key"],
    ["429 insufficient quota", "quota", "quota", 429, "insufficient_quota"],
    ["429 rate limit", "rate", "rate", 429, "rate_limit_exceeded"],
    [
      "429 with only a type",
      "quota",
      { status: 429, body: { error: { message: "quota", type: "insufficient_quota" } } },
      429,
      "insufficient_quota",
    ],
    ["400 context length", "too-long", "context-length", 400, "context_length_exceeded"],
    ["500 server error", "server", "server", 500, "server_error"],
    ["503 overloaded", "server", "overloaded", 503, "server_error"],
    ["502 HTML page", "server", { status: 502, body: "<html>Bad Gateway</html>" }, 502, undefined],
    [
      "402 insufficient balance (DeepSeek)",
      "quota",
      { status: 402, body: { error: { message: "Insufficient Balance", type: "unknown_error" } } },
      402,
      "unknown_error",
    ],
    ["finish_reason length", "too-long", "truncated", 200, "length"],
    [
      "finish_reason content_filter",
      "unsupported",
      { status: 200, body: chatCompletion("", { finishReason: "content_filter" }) },
      200,
      "content_filter",
    ],
    ["malformed JSON", "server", "malformed", 200, undefined],
    ["JSON of another shape", "server", { status: 200, body: { choices: [] } }, 200, undefined],
  ])("%s -> %s", async (_name, kind, answer, status, code) => {
    openai.failNext(1, answer);
    const error = await failure(
      translator().translate({ text: "안녕", source: "ko", target: "en" }),
    );
    expect(error.provider).toBe("openai");
    expect(error.kind).toBe(kind);
    expect(error.status).toBe(status);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(/^openai: /);
  });

  it.each<[string, string]>([
    ["content that is not JSON", "Sure! Here are your translations: en:하나, en:둘"],
    ["JSON without translations", JSON.stringify({ result: ["en:하나", "en:둘"] })],
    ["too few translations", JSON.stringify({ translations: ["en:하나"] })],
    ["translations that are not strings", JSON.stringify({ translations: [1, 2] })],
  ])("a batch answered with %s is a server failure", async (_name, content) => {
    openai.failNext(1, { status: 200, body: chatCompletion(content) });
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
      translator({ baseUrl: openai.url.replace(/\/v1$/, "/v2") }).translate({
        text: "안녕",
        source: "ko",
        target: "en",
      }),
    );
    expect([wrongUrl.kind, wrongUrl.status]).toEqual(["auth", 404]);
  });

  it("times out when the server does not answer", async () => {
    openai.failNext(1, "hang");
    const error = await failure(
      translator({ timeoutMs: 200 }).translate({ text: "안녕", source: "ko", target: "en" }),
    );
    expect(error.kind).toBe("timeout");
    expect(error.retryable).toBe(true);
  });

  it("reports a refused connection as a network error", async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const error = await failure(
      translator({ baseUrl: `http://127.0.0.1:${port}/v1` }).translate({
        text: "안녕",
        source: "ko",
        target: "en",
      }),
    );
    expect(error.kind).toBe("network");
    expect(error.message).toContain("ECONNREFUSED");
  });

  it("keeps the key out of messages even when the server echoes it", async () => {
    openai.failNext(1, {
      status: 401,
      body: {
        error: { message: `Incorrect API key provided: ${API_KEY}`, code: "invalid_api_key" },
      },
    });
    const error = await failure(
      translator().translate({ text: "안녕", source: "ko", target: "en" }),
    );
    expect(error.kind).toBe("auth");
    expect(error.message).toContain("[redacted]");
  });

  it("never puts the key into an error message or a cause's message", () => {
    expect(errors.length).toBeGreaterThan(20);
    for (const error of errors) {
      // Everything a logger could print, hidden fields and causes included.
      const printed = inspect(error, { depth: 8, showHidden: true });
      expect(printed).not.toContain(API_KEY);
      for (let current: unknown = error; current instanceof Error; current = current.cause) {
        expect(current.message).not.toContain(API_KEY);
        expect(String(current.stack)).not.toContain(API_KEY);
      }
    }
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

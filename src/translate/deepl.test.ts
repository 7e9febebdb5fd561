// The DeepL client against the local stand-in that follows DeepL's documented contract.
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  deeplParams,
  startDeepLStandIn,
  type DeepLPreset,
  type DeepLStandIn,
} from "../../test/stand-ins/deepl.js";
import type { StandInFailure } from "../../test/stand-ins/http-stand-in.js";
import { ConfigError, ProviderError, type ProviderFailure } from "../errors.js";
import {
  createDeepLTranslator,
  DEEPL_FREE_URL,
  DEEPL_PRO_URL,
  DEEPL_TEXT_BYTES,
  deeplBaseUrl,
  deeplOptionsFromEnv,
} from "./deepl.js";

const KEY = `${randomBytes(16).toString("hex")}:fx`;

let deepl: DeepLStandIn;
/** Every error seen, checked for the key at the end. */
const errors: unknown[] = [];

beforeAll(async () => {
  deepl = await startDeepLStandIn({ authKey: KEY });
});
afterEach(() => deepl.reset());
afterAll(async () => {
  await deepl.close();
});

function translator(options: { timeoutMs?: number; apiUrl?: string; apiKey?: string } = {}) {
  return createDeepLTranslator({
    apiKey: options.apiKey ?? KEY,
    apiUrl: options.apiUrl ?? deepl.url,
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  });
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

describe("DeepL translator", () => {
  it("describes itself", () => {
    const deeplTranslator = translator();
    expect(deeplTranslator.name).toBe("deepl");
    expect(deeplTranslator.real).toBe(true);
    expect(deeplTranslator.capabilities).toMatchObject({
      maxTexts: 50,
      limit: { unit: "bytes", max: DEEPL_TEXT_BYTES },
      autoDetect: true,
    });
    expect(deeplTranslator.capabilities?.languages?.has("ko")).toBe(true);
    expect(deeplTranslator.capabilities?.languages?.has("zh-TW")).toBe(true);
  });

  it("translates several texts in one call, in order, with the documented request", async () => {
    const results = await translator().translateBatch!({
      texts: ["안녕하세요", "반갑습니다", "잘 지내세요?"],
      source: "auto",
      target: "en",
    });
    expect(results).toEqual([
      { text: "EN-US:안녕하세요", source: "ko", target: "en", provider: "deepl" },
      { text: "EN-US:반갑습니다", source: "ko", target: "en", provider: "deepl" },
      { text: "EN-US:잘 지내세요?", source: "ko", target: "en", provider: "deepl" },
    ]);
    expect(deepl.requests).toHaveLength(1);
    const [request] = deepl.requests;
    expect(request?.method).toBe("POST");
    expect(request?.path).toBe("/v2/translate");
    expect([...(request?.query.keys() ?? [])]).toEqual([]);
    expect(request?.headers.authorization).toBe(`DeepL-Auth-Key ${KEY}`);
    expect(request?.headers["content-type"]).toBe("application/json");
    // No source_lang for auto, and never an auth_key in the body.
    expect(request?.json).toEqual({
      text: ["안녕하세요", "반갑습니다", "잘 지내세요?"],
      target_lang: "EN-US",
    });
  });

  it("maps babelgram's codes to DeepL's, and the detected language back", async () => {
    await translator().translate({ text: "Olá", source: "pt", target: "zh" });
    await translator().translate({ text: "你好", source: "zh-TW", target: "pt" });
    await translator().translate({ text: "Hallo", source: "de", target: "zh-TW" });
    await translator().translate({ text: "Hello", source: "en", target: "de" });
    expect(
      deepl.requests.map((r) => [deeplParams(r)?.source_lang, deeplParams(r)?.target_lang]),
    ).toEqual([
      ["PT", "ZH-HANS"],
      ["ZH", "PT-BR"],
      ["DE", "ZH-HANT"],
      ["EN", "DE"],
    ]);
    const detected = await translator().translate({ text: "你好", source: "auto", target: "ko" });
    expect(detected).toMatchObject({ text: "KO:你好", source: "zh", target: "ko" });
  });

  it.each([
    ["ZH", "zh"],
    ["EN", "en"],
    ["PT", "pt"],
    ["NB", "nb"],
  ])("reports a detected %s as %s", async (code, expected) => {
    deepl.failNext(1, {
      status: 200,
      body: { translations: [{ detected_source_language: code, text: "EN-US:x" }] },
    });
    const result = await translator().translate({ text: "x", source: "auto", target: "en" });
    expect(result.source).toBe(expected);
  });

  it("picks API Free for :fx keys and Pro otherwise, unless an apiUrl is given", () => {
    expect(deeplBaseUrl({ apiKey: "abc:fx" })).toBe(DEEPL_FREE_URL);
    expect(deeplBaseUrl({ apiKey: "abc" })).toBe(DEEPL_PRO_URL);
    expect(deeplBaseUrl({ apiKey: "abc:fx", apiUrl: "http://127.0.0.1:9/ " })).toBe(
      "http://127.0.0.1:9",
    );
  });

  it("the stand-in refuses a key in the query or the body, as DeepL does since January 2026", async () => {
    const post = (query: string, contentType: string, body: string) =>
      fetch(`${deepl.url}/v2/translate${query}`, {
        method: "POST",
        headers: { "Content-Type": contentType },
        body,
      });
    const inQuery = await post(
      `?auth_key=${encodeURIComponent(KEY)}`,
      "application/json",
      JSON.stringify({ text: ["Hi"], target_lang: "DE" }),
    );
    const inJson = await post(
      "",
      "application/json",
      JSON.stringify({ text: ["Hi"], target_lang: "DE", auth_key: KEY }),
    );
    const inForm = await post(
      "",
      "application/x-www-form-urlencoded",
      new URLSearchParams({ text: "Hi", target_lang: "DE", auth_key: KEY }).toString(),
    );
    for (const response of [inQuery, inJson, inForm]) {
      expect(response.status).toBe(403);
      expect(((await response.json()) as { message: string }).message).toMatch(/^Legacy auth/);
    }
  });

  it("splits an over-limit text at sentence ends and joins the translations back", async () => {
    const sentence = "오늘은 날씨가 정말 좋네요. 산책하러 갈까요? ";
    const text = sentence.repeat(Math.ceil(30_000 / sentence.length)).trim();
    expect(Buffer.byteLength(text)).toBeGreaterThan(3 * DEEPL_TEXT_BYTES);
    const result = await translator().translate({ text, source: "ko", target: "en" });
    expect(deepl.requests.length).toBeGreaterThan(1);
    for (const request of deepl.requests) {
      const texts = deeplParams(request)?.text ?? [];
      expect(texts.length).toBeGreaterThan(0);
      expect(Buffer.byteLength(texts.join(""))).toBeLessThanOrEqual(DEEPL_TEXT_BYTES);
      for (const piece of texts) expect(piece).toMatch(/^오늘은.*[.?]$/s);
    }
    expect(result.text.startsWith("EN-US:오늘은")).toBe(true);
    expect(result.text.replaceAll("EN-US:", "")).toBe(text);
  });

  it("packs no more than 50 texts into one call", async () => {
    const texts = Array.from({ length: 120 }, (_, i) => `Text ${i}`);
    const results = await translator().translateBatch!({ texts, source: "en", target: "de" });
    expect(results.map((r) => r.text)).toEqual(texts.map((t) => `DE:${t}`));
    expect(deepl.requests.map((r) => deeplParams(r)?.text.length)).toEqual([50, 50, 20]);
  });

  it.each<[string, StandInFailure<DeepLPreset>, ProviderFailure, number | undefined]>([
    ["403 authorization failed", "auth", "auth", 403],
    ["456 quota exceeded", "quota", "quota", 456],
    ["429 too many requests", "rate", "rate", 429],
    ["529 high load", "busy", "rate", 529],
    ["413 request too large", "too-large", "too-long", 413],
    ["500 internal error", "internal", "server", 500],
    ["503 unavailable", "unavailable", "server", 503],
    ["502 HTML page", { status: 502, body: "<html>Bad Gateway</html>" }, "server", 502],
    ["malformed JSON", "malformed", "server", 200],
    ["JSON of another shape", { status: 200, body: { translations: [{}] } }, "server", 200],
    // The kit refuses an answer with fewer translations than texts.
    ["no translations", { status: 200, body: { translations: [] } }, "server", undefined],
  ])("%s -> %s", async (_name, answer, kind, status) => {
    deepl.failNext(1, answer);
    const error = await failure(
      translator().translate({ text: "안녕", source: "ko", target: "en" }),
    );
    expect(error.provider).toBe("deepl");
    expect(error.kind).toBe(kind);
    expect(error.status).toBe(status);
    expect(error.message).toMatch(/^deepl: /);
  });

  it("says what DeepL said", async () => {
    deepl.failNext(1, "quota");
    const error = await failure(
      translator().translate({ text: "안녕", source: "ko", target: "en" }),
    );
    expect(error.message).toBe("deepl: HTTP 456: Quota Exceeded");
  });

  it("maps what the stand-in itself refuses", async () => {
    const wrongKey = await failure(
      translator({ apiKey: "wrong-key:fx" }).translate({
        text: "안녕",
        source: "ko",
        target: "en",
      }),
    );
    expect([wrongKey.kind, wrongKey.status]).toEqual(["auth", 403]);
    const unknownTarget = await failure(
      translator().translate({ text: "안녕", source: "ko", target: "xx" }),
    );
    expect([unknownTarget.kind, unknownTarget.status]).toEqual(["unsupported", 400]);
    expect(unknownTarget.message).toContain("target_lang");
    const wrongUrl = await failure(
      translator({ apiUrl: `${deepl.url}/v1` }).translate({
        text: "안녕",
        source: "ko",
        target: "en",
      }),
    );
    expect([wrongUrl.kind, wrongUrl.status]).toEqual(["auth", 404]);
  });

  it("times out when DeepL does not answer", async () => {
    deepl.failNext(1, "hang");
    const error = await failure(
      translator({ timeoutMs: 200 }).translate({ text: "안녕", source: "ko", target: "en" }),
    );
    expect(error.kind).toBe("timeout");
    expect(error.retryable).toBe(true);
  });

  it("stops when the caller's signal aborts", async () => {
    deepl.hold();
    const controller = new AbortController();
    const pending = translator().translate({
      text: "안녕",
      source: "ko",
      target: "en",
      signal: controller.signal,
    });
    await deepl.waitForRequests(1);
    controller.abort();
    const error = await failure(pending);
    expect(error.kind).toBe("timeout");
    expect(error.message).toContain("cancelled");
  });

  it("reports a refused connection as a network error", async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const error = await failure(
      translator({ apiUrl: `http://127.0.0.1:${port}` }).translate({
        text: "안녕",
        source: "ko",
        target: "en",
      }),
    );
    expect(error.kind).toBe("network");
    expect(error.message).toContain("ECONNREFUSED");
  });

  it("keeps the key out of messages even when DeepL echoes it", async () => {
    deepl.failNext(1, { status: 403, body: { message: `Invalid key ${KEY}` } });
    const error = await failure(
      translator().translate({ text: "안녕", source: "ko", target: "en" }),
    );
    expect(error.message).toContain("[redacted]");
  });

  it("never puts the key into an error message, a cause's message or a stack", () => {
    expect(errors.length).toBeGreaterThan(15);
    for (const error of errors) {
      for (let current: unknown = error; current instanceof Error; current = current.cause) {
        expect(current.message).not.toContain(KEY);
        expect(String(current.stack)).not.toContain(KEY);
      }
    }
  });
});

describe("deeplOptionsFromEnv", () => {
  it("is undefined without DEEPL_API_KEY, and reads the key and URL", () => {
    expect(deeplOptionsFromEnv({})).toBeUndefined();
    expect(deeplOptionsFromEnv({ DEEPL_API_KEY: " ", DEEPL_API_URL: "" })).toBeUndefined();
    expect(deeplOptionsFromEnv({ DEEPL_API_KEY: " abc:fx " })).toEqual({ apiKey: "abc:fx" });
    expect(
      deeplOptionsFromEnv({ DEEPL_API_KEY: "abc", DEEPL_API_URL: "http://127.0.0.1:8080/" }),
    ).toEqual({ apiKey: "abc", apiUrl: "http://127.0.0.1:8080" });
  });

  it.each([
    ["DEEPL_API_URL", { DEEPL_API_KEY: "abc", DEEPL_API_URL: "ftp://secret-host" }],
    ["DEEPL_API_URL", { DEEPL_API_KEY: "abc", DEEPL_API_URL: "secret-host" }],
    ["DEEPL_API_URL", { DEEPL_API_KEY: "abc", DEEPL_API_URL: "https://h/?auth_key=secret" }],
    ["DEEPL_API_KEY", { DEEPL_API_KEY: "secret key" }],
  ])("refuses a malformed %s in one line, without its value", (variable, env) => {
    let error: unknown;
    try {
      deeplOptionsFromEnv(env);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    expect((error as ConfigError).message).toMatch(new RegExp(`^${variable}: [^\\n]+$`));
    expect((error as ConfigError).message).not.toContain("secret");
  });
});

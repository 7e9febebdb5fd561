// The LibreTranslate client against the local stand-in that follows LibreTranslate's documented
// contract.
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { StandInFailure } from "../../test/stand-ins/http-stand-in.js";
import {
  libreTranslateParams,
  libreTranslateTexts,
  startLibreTranslateStandIn,
  type LibreTranslatePreset,
  type LibreTranslateStandIn,
} from "../../test/stand-ins/libretranslate.js";
import { ConfigError, ProviderError, type ProviderFailure } from "../errors.js";
import {
  createLibreTranslateTranslator,
  LIBRETRANSLATE_BATCH_LIMIT,
  LIBRETRANSLATE_CHAR_LIMIT,
  libreTranslateOptionsFromEnv,
  type LibreTranslateOptions,
} from "./libretranslate.js";

const KEY = randomBytes(16).toString("hex");

let libre: LibreTranslateStandIn;
/** Every error seen, checked for the key at the end. */
const errors: unknown[] = [];

beforeAll(async () => {
  // A host like libretranslate.com: keys required, 5000 characters per text, 25 texts per request.
  libre = await startLibreTranslateStandIn({
    apiKeys: [KEY],
    requireKey: true,
    charLimit: LIBRETRANSLATE_CHAR_LIMIT,
    batchLimit: LIBRETRANSLATE_BATCH_LIMIT,
  });
});
afterEach(() => libre.reset());
afterAll(async () => {
  await libre.close();
});

function translator(options: Partial<LibreTranslateOptions> = {}) {
  return createLibreTranslateTranslator({ apiUrl: libre.url, apiKey: KEY, ...options });
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

describe("LibreTranslate translator", () => {
  it("describes itself, with the limits it was given", () => {
    const libreTranslator = translator();
    expect(libreTranslator.name).toBe("libretranslate");
    expect(libreTranslator.real).toBe(true);
    expect(libreTranslator.capabilities).toEqual({
      maxTexts: 25,
      limit: { unit: "chars", max: 5000 },
      autoDetect: true,
    });
    expect(translator({ charLimit: 2000, batchLimit: 10 }).capabilities).toMatchObject({
      maxTexts: 10,
      limit: { unit: "chars", max: 2000 },
    });
  });

  it("translates several texts in one call, in order, with the documented request", async () => {
    const results = await translator().translateBatch!({
      texts: ["안녕하세요", "반갑습니다", "잘 지내세요?"],
      source: "auto",
      target: "en",
    });
    expect(results).toEqual([
      { text: "en:안녕하세요", source: "ko", target: "en", provider: "libretranslate" },
      { text: "en:반갑습니다", source: "ko", target: "en", provider: "libretranslate" },
      { text: "en:잘 지내세요?", source: "ko", target: "en", provider: "libretranslate" },
    ]);
    expect(libre.requests).toHaveLength(1);
    const [request] = libre.requests;
    expect(request?.method).toBe("POST");
    expect(request?.path).toBe("/translate");
    expect(request?.headers["content-type"]).toBe("application/json");
    expect(request?.json).toEqual({
      q: ["안녕하세요", "반갑습니다", "잘 지내세요?"],
      source: "auto",
      target: "en",
      format: "text",
      api_key: KEY,
    });
  });

  it("sends no api_key when none is configured", async () => {
    const open = await startLibreTranslateStandIn();
    try {
      const result = await createLibreTranslateTranslator({ apiUrl: `${open.url}/` }).translate({
        text: "Hello",
        source: "en",
        target: "ko",
      });
      expect(result.text).toBe("ko:Hello");
      expect(open.requests[0]?.json).toEqual({
        q: ["Hello"],
        source: "en",
        target: "ko",
        format: "text",
      });
    } finally {
      await open.close();
    }
  });

  it("maps babelgram's codes to LibreTranslate's, and the detected language back", async () => {
    await translator().translate({ text: "Hello", source: "en", target: "zh" });
    await translator().translate({ text: "你好", source: "zh-TW", target: "en" });
    await translator().translate({ text: "Hello", source: "en", target: "zh-TW" });
    expect(
      libre.requests.map((r) => [libreTranslateParams(r)?.source, libreTranslateParams(r)?.target]),
    ).toEqual([
      ["en", "zh"],
      ["zt", "en"],
      ["en", "zt"],
    ]);
    const detected = await translator().translate({ text: "你好", source: "auto", target: "ko" });
    expect(detected).toMatchObject({ text: "ko:你好", source: "zh", target: "ko" });
  });

  it.each([
    ["zt", "zh-TW"],
    ["zh-Hant", "zh-TW"],
    ["zh-Hans", "zh"],
    ["pb", "pt"],
    ["fr", "fr"],
  ])("reports a detected %s as %s", async (code, expected) => {
    libre.failNext(1, {
      status: 200,
      body: { translatedText: ["en:x"], detectedLanguage: [{ confidence: 90, language: code }] },
    });
    const result = await translator().translate({ text: "x", source: "auto", target: "en" });
    expect(result.source).toBe(expected);
  });

  it("splits an over-limit text at sentence ends and joins the translations back", async () => {
    const sentence = "The weather is lovely today. Shall we go for a walk? ";
    const text = sentence.repeat(Math.ceil(12_000 / sentence.length)).trim();
    const result = await translator().translate({ text, source: "en", target: "ko" });
    const calls = libre.requests.map((request) => libreTranslateTexts(request));
    expect(calls.flat().length).toBeGreaterThan(1);
    for (const texts of calls) {
      expect(texts.join("").length).toBeLessThanOrEqual(LIBRETRANSLATE_CHAR_LIMIT);
      for (const piece of texts) expect(piece).toMatch(/^The weather.*[.?]$/s);
    }
    expect(result.text.startsWith("ko:The weather")).toBe(true);
    expect(result.text.replaceAll("ko:", "")).toBe(text);
  });

  it("follows a smaller character limit when told the host's", async () => {
    const text = "One short sentence here. ".repeat(200).trim();
    await translator({ charLimit: 1000 }).translate({ text, source: "en", target: "ko" });
    expect(libre.requests.length).toBeGreaterThanOrEqual(5);
    for (const request of libre.requests) {
      expect(libreTranslateTexts(request).join("").length).toBeLessThanOrEqual(1000);
    }
  });

  it("packs no more texts into one call than the batch limit", async () => {
    const texts = Array.from({ length: 60 }, (_, i) => `Text ${i}`);
    const results = await translator().translateBatch!({ texts, source: "en", target: "de" });
    expect(results.map((r) => r.text)).toEqual(texts.map((t) => `de:${t}`));
    expect(libre.requests.map((r) => libreTranslateTexts(r).length)).toEqual([25, 25, 10]);
  });

  it.each<[string, StandInFailure<LibreTranslatePreset>, ProviderFailure, number | undefined]>([
    ["403 invalid API key", "invalid-key", "auth", 403],
    ["403 banned", "banned", "auth", 403],
    ["400 an API key is required", "key-required", "auth", 400],
    ["429 slow down", "slowdown", "rate", 429],
    ["400 exceeds text limit", "too-long", "too-long", 400],
    [
      "400 not supported",
      { status: 400, body: { error: "xx is not supported" } },
      "unsupported",
      400,
    ],
    ["500 cannot translate", "internal", "server", 500],
    ["502 HTML page", { status: 502, body: "<html>Bad Gateway</html>" }, "server", 502],
    ["malformed JSON", "malformed", "server", 200],
    ["a string for an array", { status: 200, body: { translatedText: "x" } }, "server", 200],
    [
      "fewer translations than texts",
      { status: 200, body: { translatedText: [] } },
      "server",
      undefined,
    ],
  ])("%s -> %s", async (_name, answer, kind, status) => {
    libre.failNext(1, answer);
    const error = await failure(
      translator().translate({ text: "안녕", source: "ko", target: "en" }),
    );
    expect(error.provider).toBe("libretranslate");
    expect(error.kind).toBe(kind);
    expect(error.status).toBe(status);
    expect(error.message).toMatch(/^libretranslate: /);
  });

  it("says what the host said", async () => {
    libre.failNext(1, "slowdown");
    const error = await failure(
      translator().translate({ text: "안녕", source: "ko", target: "en" }),
    );
    expect(error.message).toBe("libretranslate: HTTP 429: Slowdown: 20 per 1 minute");
  });

  it("maps what the stand-in itself refuses", async () => {
    const wrongKey = await failure(
      translator({ apiKey: "not-a-key" }).translate({ text: "안녕", source: "ko", target: "en" }),
    );
    expect([wrongKey.kind, wrongKey.status]).toEqual(["auth", 403]);
    const noKey = await failure(
      createLibreTranslateTranslator({ apiUrl: libre.url }).translate({
        text: "안녕",
        source: "ko",
        target: "en",
      }),
    );
    expect([noKey.kind, noKey.status]).toEqual(["auth", 400]);
    const unknownTarget = await failure(
      translator().translate({ text: "안녕", source: "ko", target: "xx" }),
    );
    expect([unknownTarget.kind, unknownTarget.status]).toEqual(["unsupported", 400]);
    // Told a larger limit than the host's: the host's 400 says so.
    const overHostLimit = await failure(
      translator({ charLimit: 20_000 }).translate({
        text: "Words. ".repeat(1500),
        source: "en",
        target: "ko",
      }),
    );
    expect([overHostLimit.kind, overHostLimit.status]).toEqual(["too-long", 400]);
    const overBatchLimit = await failure(
      translator({ batchLimit: 100 }).translateBatch!({
        texts: Array.from({ length: 30 }, (_, i) => `Text ${i}`),
        source: "en",
        target: "ko",
      }),
    );
    expect([overBatchLimit.kind, overBatchLimit.status]).toEqual(["too-long", 400]);
    const wrongUrl = await failure(
      translator({ apiUrl: `${libre.url}/api` }).translate({
        text: "안녕",
        source: "ko",
        target: "en",
      }),
    );
    expect([wrongUrl.kind, wrongUrl.status]).toEqual(["auth", 404]);
  });

  it("times out when the host does not answer", async () => {
    libre.failNext(1, "hang");
    const error = await failure(
      translator({ timeoutMs: 200 }).translate({ text: "안녕", source: "ko", target: "en" }),
    );
    expect(error.kind).toBe("timeout");
    expect(error.retryable).toBe(true);
  });

  it("stops when the caller's signal aborts", async () => {
    libre.hold();
    const controller = new AbortController();
    const pending = translator().translate({
      text: "안녕",
      source: "ko",
      target: "en",
      signal: controller.signal,
    });
    await libre.waitForRequests(1);
    controller.abort();
    const error = await failure(pending);
    expect(error.kind).toBe("timeout");
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

  it("keeps the key out of messages even when the host echoes it", async () => {
    libre.failNext(1, { status: 403, body: { error: `Invalid API key ${KEY}` } });
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

describe("libreTranslateOptionsFromEnv", () => {
  it("is undefined without LIBRETRANSLATE_URL, and reads the URL, key and limits", () => {
    expect(libreTranslateOptionsFromEnv({})).toBeUndefined();
    expect(libreTranslateOptionsFromEnv({ LIBRETRANSLATE_URL: "http://127.0.0.1:5000/" })).toEqual({
      apiUrl: "http://127.0.0.1:5000",
    });
    expect(
      libreTranslateOptionsFromEnv({
        LIBRETRANSLATE_URL: "https://libretranslate.com",
        LIBRETRANSLATE_API_KEY: "k-1",
        LIBRETRANSLATE_CHAR_LIMIT: "2000",
        LIBRETRANSLATE_BATCH_LIMIT: "10",
      }),
    ).toEqual({
      apiUrl: "https://libretranslate.com",
      apiKey: "k-1",
      charLimit: 2000,
      batchLimit: 10,
    });
  });

  it.each([
    ["LIBRETRANSLATE_URL", { LIBRETRANSLATE_URL: "localhost:5000/secret" }],
    ["LIBRETRANSLATE_URL", { LIBRETRANSLATE_URL: undefined, LIBRETRANSLATE_API_KEY: "secret" }],
    ["LIBRETRANSLATE_API_KEY", { LIBRETRANSLATE_API_KEY: "secret key" }],
    ["LIBRETRANSLATE_CHAR_LIMIT", { LIBRETRANSLATE_CHAR_LIMIT: "5k" }],
    ["LIBRETRANSLATE_BATCH_LIMIT", { LIBRETRANSLATE_BATCH_LIMIT: "0" }],
  ])("refuses a malformed %s in one line, without its value", (variable, env) => {
    let error: unknown;
    try {
      libreTranslateOptionsFromEnv({ LIBRETRANSLATE_URL: "http://127.0.0.1:5000", ...env });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    expect((error as ConfigError).message).toMatch(new RegExp(`^${variable}: [^\\n]+$`));
    expect((error as ConfigError).message).not.toContain("secret");
  });
});

// The Google Cloud Translation (Basic, v2) client against the local stand-in that follows Google's
// documented contract.
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  googleError,
  googleParams,
  startGoogleStandIn,
  type GooglePreset,
  type GoogleStandIn,
} from "../../test/stand-ins/google.js";
import type { StandInFailure } from "../../test/stand-ins/http-stand-in.js";
import { ConfigError, ProviderError, type ProviderFailure } from "../errors.js";
import {
  createGoogleTranslator,
  GOOGLE_CHARS_PER_CALL,
  GOOGLE_MAX_TEXTS,
  googleOptionsFromEnv,
} from "./google.js";

const KEY = `AIza${randomBytes(16).toString("hex")}`;

let google: GoogleStandIn;
/** Every error seen, checked for the key at the end. */
const errors: unknown[] = [];

beforeAll(async () => {
  google = await startGoogleStandIn({ apiKey: KEY });
});
afterEach(() => google.reset());
afterAll(async () => {
  await google.close();
});

function translator(options: { timeoutMs?: number; apiUrl?: string; apiKey?: string } = {}) {
  return createGoogleTranslator({
    apiKey: options.apiKey ?? KEY,
    apiUrl: options.apiUrl ?? google.url,
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

describe("Google translator", () => {
  it("describes itself", () => {
    const googleTranslator = translator();
    expect(googleTranslator.name).toBe("google");
    expect(googleTranslator.real).toBe(true);
    expect(googleTranslator.capabilities).toEqual({
      maxTexts: 128,
      limit: { unit: "chars", max: GOOGLE_CHARS_PER_CALL },
      autoDetect: true,
    });
  });

  it("translates several texts in one call, in order, with the documented request", async () => {
    const results = await translator().translateBatch!({
      texts: ["안녕하세요", "반갑습니다", "잘 지내세요?"],
      source: "auto",
      target: "en",
    });
    expect(results).toEqual([
      { text: "en:안녕하세요", source: "ko", target: "en", provider: "google" },
      { text: "en:반갑습니다", source: "ko", target: "en", provider: "google" },
      { text: "en:잘 지내세요?", source: "ko", target: "en", provider: "google" },
    ]);
    expect(google.requests).toHaveLength(1);
    const [request] = google.requests;
    expect(request?.method).toBe("POST");
    expect(request?.path).toBe("/language/translate/v2");
    expect(request?.query.get("key")).toBe(KEY);
    expect([...(request?.query.keys() ?? [])]).toEqual(["key"]);
    expect(request?.headers["content-type"]).toMatch(/^application\/json/);
    // No source for auto; format=text always.
    expect(request?.json).toEqual({
      q: ["안녕하세요", "반갑습니다", "잘 지내세요?"],
      target: "en",
      format: "text",
    });
  });

  it("gets quotes and ampersands back as they are (format=text)", async () => {
    const text = `Tom & Jerry's "show" <live>`;
    const result = await translator().translate({ text, source: "en", target: "ko" });
    expect(result.text).toBe(`ko:${text}`);
  });

  it("maps babelgram's codes to Google's, and the detected language back", async () => {
    await translator().translate({ text: "Hello", source: "en", target: "zh" });
    await translator().translate({ text: "你好", source: "zh-TW", target: "ko" });
    await translator().translate({ text: "你好", source: "zh", target: "en" });
    expect(google.requests.map((r) => [googleParams(r)?.source, googleParams(r)?.target])).toEqual([
      ["en", "zh-CN"],
      ["zh-TW", "ko"],
      ["zh-CN", "en"],
    ]);
    const detected = await translator().translate({ text: "你好", source: "auto", target: "ko" });
    expect(detected).toMatchObject({ text: "ko:你好", source: "zh", target: "ko" });
  });

  it.each([
    ["zh-TW", "zh-TW"],
    ["zh-CN", "zh"],
    ["iw", "he"],
    ["fr", "fr"],
  ])("reports a detected %s as %s", async (code, expected) => {
    google.failNext(1, {
      status: 200,
      body: { data: { translations: [{ translatedText: "en:x", detectedSourceLanguage: code }] } },
    });
    const result = await translator().translate({ text: "x", source: "auto", target: "en" });
    expect(result.source).toBe(expected);
  });

  it("splits an over-limit text at sentence ends and joins the translations back", async () => {
    const sentence = "The weather is lovely today. Shall we go for a walk? ";
    const text = sentence.repeat(Math.ceil(12_000 / sentence.length)).trim();
    const result = await translator().translate({ text, source: "en", target: "ko" });
    const calls = google.requests.map((request) => googleParams(request)?.q ?? []);
    expect(calls.flat().length).toBeGreaterThan(1);
    for (const texts of calls) {
      expect(texts.join("").length).toBeLessThanOrEqual(GOOGLE_CHARS_PER_CALL);
      for (const piece of texts) expect(piece).toMatch(/^The weather.*[.?]$/s);
    }
    expect(result.text.startsWith("ko:The weather")).toBe(true);
    expect(result.text.replaceAll("ko:", "")).toBe(text);
  });

  it(`packs no more than ${GOOGLE_MAX_TEXTS} texts into one call`, async () => {
    const texts = Array.from({ length: 300 }, (_, i) => `Text ${i}`);
    const results = await translator().translateBatch!({ texts, source: "en", target: "de" });
    expect(results.map((r) => r.text)).toEqual(texts.map((t) => `de:${t}`));
    expect(google.requests.map((r) => googleParams(r)?.q.length)).toEqual([128, 128, 44]);
  });

  it.each<
    [string, StandInFailure<GooglePreset>, ProviderFailure, number | undefined, string | undefined]
  >([
    ["400 API key not valid", "auth", "auth", 400, "badRequest"],
    [
      "400 keyInvalid (older envelope)",
      googleError(400, "INVALID_ARGUMENT", "Bad Request", "keyInvalid"),
      "auth",
      400,
      "keyInvalid",
    ],
    ["403 API not enabled", "forbidden", "auth", 403, "accessNotConfigured"],
    ["403 daily limit exceeded", "daily-limit", "quota", 403, "dailyLimitExceeded"],
    ["403 user rate limit exceeded", "user-rate", "rate", 403, "userRateLimitExceeded"],
    ["429 per-minute quota", "too-many-requests", "rate", 429, "rateLimitExceeded"],
    [
      "429 per-day quota",
      googleError(
        429,
        "RESOURCE_EXHAUSTED",
        "Quota exceeded for quota metric 'v2 and v3 general model characters' and limit 'v2 and v3 general model characters per day'.",
        "rateLimitExceeded",
      ),
      "quota",
      429,
      "rateLimitExceeded",
    ],
    ["500 internal", "internal", "server", 500, "backendError"],
    ["503 unavailable", "unavailable", "server", 503, "backendError"],
    ["502 HTML page", { status: 502, body: "<html>Bad Gateway</html>" }, "server", 502, undefined],
    ["malformed JSON", "malformed", "server", 200, undefined],
    ["JSON of another shape", { status: 200, body: { data: {} } }, "server", 200, undefined],
    [
      "fewer translations than texts",
      { status: 200, body: { data: { translations: [] } } },
      "server",
      undefined,
      undefined,
    ],
  ])("%s -> %s", async (_name, answer, kind, status, code) => {
    google.failNext(1, answer);
    const error = await failure(
      translator().translate({ text: "안녕", source: "ko", target: "en" }),
    );
    expect(error.provider).toBe("google");
    expect(error.kind).toBe(kind);
    expect(error.status).toBe(status);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(/^google: /);
  });

  it("maps what the stand-in itself refuses", async () => {
    const wrongKey = await failure(
      translator({ apiKey: "AIzaWrongKey" }).translate({
        text: "안녕",
        source: "ko",
        target: "en",
      }),
    );
    expect([wrongKey.kind, wrongKey.status]).toEqual(["auth", 400]);
    expect(wrongKey.message).toContain("API key not valid");
    const unknownTarget = await failure(
      translator().translate({ text: "안녕", source: "ko", target: "xx" }),
    );
    expect([unknownTarget.kind, unknownTarget.status, unknownTarget.code]).toEqual([
      "unsupported",
      400,
      "invalid",
    ]);
    const wrongUrl = await failure(
      translator({ apiUrl: `${google.url}/v1` }).translate({
        text: "안녕",
        source: "ko",
        target: "en",
      }),
    );
    expect([wrongUrl.kind, wrongUrl.status]).toEqual(["auth", 404]);
  });

  it("times out when Google does not answer", async () => {
    google.failNext(1, "hang");
    const error = await failure(
      translator({ timeoutMs: 200 }).translate({ text: "안녕", source: "ko", target: "en" }),
    );
    expect(error.kind).toBe("timeout");
    expect(error.retryable).toBe(true);
  });

  it("stops when the caller's signal aborts", async () => {
    google.hold();
    const controller = new AbortController();
    const pending = translator().translate({
      text: "안녕",
      source: "ko",
      target: "en",
      signal: controller.signal,
    });
    await google.waitForRequests(1);
    controller.abort();
    const error = await failure(pending);
    expect(error.kind).toBe("timeout");
  });

  it("reports a refused connection as a network error, without the URL's key", async () => {
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

  it("keeps the key out of an error whose cause quotes the whole URL", async () => {
    // fetch's "Failed to parse URL from <url>" carries the URL, key and all.
    const error = await failure(
      translator({ apiUrl: "http://[::1" }).translate({ text: "안녕", source: "ko", target: "en" }),
    );
    expect(error.kind).toBe("network");
    expect(error.cause).toBeInstanceOf(Error);
    expect((error.cause as Error).message).toContain("[redacted]");
  });

  it("keeps the key out of messages even when Google echoes it", async () => {
    google.failNext(
      1,
      googleError(400, "INVALID_ARGUMENT", `API key not valid: ${KEY}`, "badRequest"),
    );
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
        expect(JSON.stringify(current)).not.toContain(KEY);
      }
    }
  });
});

describe("googleOptionsFromEnv", () => {
  it("is undefined without GOOGLE_TRANSLATE_API_KEY, and reads the key and URL", () => {
    expect(googleOptionsFromEnv({})).toBeUndefined();
    expect(googleOptionsFromEnv({ GOOGLE_TRANSLATE_API_KEY: "AIzaX" })).toEqual({
      apiKey: "AIzaX",
    });
    expect(
      googleOptionsFromEnv({
        GOOGLE_TRANSLATE_API_KEY: "AIzaX",
        GOOGLE_TRANSLATE_API_URL: "http://127.0.0.1:8080//",
      }),
    ).toEqual({ apiKey: "AIzaX", apiUrl: "http://127.0.0.1:8080" });
  });

  it.each([
    ["GOOGLE_TRANSLATE_API_URL", { GOOGLE_TRANSLATE_API_URL: "file:///secret" }],
    ["GOOGLE_TRANSLATE_API_URL", { GOOGLE_TRANSLATE_API_URL: "https://h/?key=secret" }],
    ["GOOGLE_TRANSLATE_API_URL", { GOOGLE_TRANSLATE_API_URL: "https://user:secret@h" }],
    ["GOOGLE_TRANSLATE_API_KEY", { GOOGLE_TRANSLATE_API_KEY: "secret\tkey" }],
  ])("refuses a malformed %s in one line, without its value", (variable, env) => {
    let error: unknown;
    try {
      googleOptionsFromEnv({ GOOGLE_TRANSLATE_API_KEY: "AIzaX", ...env });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    expect((error as ConfigError).message).toMatch(new RegExp(`^${variable}: [^\\n]+$`));
    expect((error as ConfigError).message).not.toContain("secret");
  });
});

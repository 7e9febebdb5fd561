// The LibreTranslate client against the local stand-in that follows LibreTranslate's documented
// contract: the translator contract first (test/support/provider-contract.ts), then what only
// LibreTranslate does.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  libreTranslateParams,
  libreTranslateTexts,
  startLibreTranslateStandIn,
} from "../../test/stand-ins/libretranslate.js";
import { describeProviderContract, KOREAN_BATCH } from "../../test/support/provider-contract.js";
import { ConfigError } from "../errors.js";
import {
  createLibreTranslateTranslator,
  LIBRETRANSLATE_BATCH_LIMIT,
  LIBRETRANSLATE_CHAR_LIMIT,
  libreTranslateOptionsFromEnv,
  type LibreTranslateOptions,
} from "./libretranslate.js";

const KEY = randomBytes(16).toString("hex");

const libre = describeProviderContract({
  name: "libretranslate",
  // A host like libretranslate.com: keys required, 5000 characters per text, 25 texts per request.
  start: () =>
    startLibreTranslateStandIn({
      apiKeys: [KEY],
      requireKey: true,
      charLimit: LIBRETRANSLATE_CHAR_LIMIT,
      batchLimit: LIBRETRANSLATE_BATCH_LIMIT,
    }),
  create: (standIn, overrides: Partial<LibreTranslateOptions> = {}) =>
    createLibreTranslateTranslator({ apiUrl: standIn.url, apiKey: KEY, ...overrides }),
  at: (url) => ({ apiUrl: url }),
  secrets: [KEY],
  capabilities: { maxTexts: 25, limit: { unit: "chars", max: 5000 }, autoDetect: true },
  marks: { en: "en:", ko: "ko:" },
  textsOf: (request) => libreTranslateTexts(request),
  // LibreTranslate hosts have rate limits but no quota.
  failures: {
    auth: { answer: "invalid-key", status: 403, code: undefined },
    rate: { answer: "slowdown", status: 429, code: undefined },
    server: { answer: "internal", status: 500, code: undefined },
    malformed: { answer: "malformed", status: 200, code: undefined },
  },
  answers: [
    ["403 banned", "banned", "auth", 403, undefined],
    ["400 an API key is required", "key-required", "auth", 400, undefined],
    ["400 exceeds text limit", "too-long", "too-long", 400, undefined],
    [
      "400 not supported",
      { status: 400, body: { error: "xx is not supported" } },
      "unsupported",
      400,
      undefined,
    ],
    ["502 HTML page", { status: 502, body: "<html>Bad Gateway</html>" }, "server", 502, undefined],
    [
      "a string for an array",
      { status: 200, body: { translatedText: "x" } },
      "server",
      200,
      undefined,
    ],
    [
      "fewer translations than texts",
      { status: 200, body: { translatedText: [] } },
      "server",
      undefined,
      undefined,
    ],
  ],
  echo: { status: 403, body: { error: `Invalid API key ${KEY}` } },
  codes: {
    sent: [
      [
        ["en", "zh"],
        ["en", "zh"],
      ],
      [
        ["zh-TW", "en"],
        ["zt", "en"],
      ],
      [
        ["en", "zh-TW"],
        ["en", "zt"],
      ],
    ],
    pairOf: (r) => [libreTranslateParams(r)?.source, libreTranslateParams(r)?.target],
    detected: [
      ["zt", "zh-TW"],
      ["zh-Hant", "zh-TW"],
      ["zh-Hans", "zh"],
      ["pb", "pt"],
      ["fr", "fr"],
    ],
    detectedAnswer: (code) => ({
      status: 200,
      body: { translatedText: ["en:x"], detectedLanguage: [{ confidence: 90, language: code }] },
    }),
  },
});
const { translator, failure } = libre;

describe("LibreTranslate translator", () => {
  it("describes itself with the limits it was given", () => {
    expect(translator({ charLimit: 2000, batchLimit: 10 }).capabilities).toMatchObject({
      maxTexts: 10,
      limit: { unit: "chars", max: 2000 },
    });
  });

  it("sends several texts in one documented request, and the detected language back", async () => {
    const request = await libre.batchRequest();
    expect(request.method).toBe("POST");
    expect(request.path).toBe("/translate");
    expect(request.headers["content-type"]).toBe("application/json");
    expect(request.json).toEqual({
      q: KOREAN_BATCH,
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

  it("follows a smaller character limit when told the host's", async () => {
    const text = "One short sentence here. ".repeat(200).trim();
    await translator({ charLimit: 1000 }).translate({ text, source: "en", target: "ko" });
    expect(libre.standIn.requests.length).toBeGreaterThanOrEqual(5);
    for (const request of libre.standIn.requests) {
      expect(libreTranslateTexts(request).join("").length).toBeLessThanOrEqual(1000);
    }
  });

  it("says what the host said", async () => {
    libre.standIn.failNext(1, "slowdown");
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
      createLibreTranslateTranslator({ apiUrl: libre.standIn.url }).translate({
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
      translator({ apiUrl: `${libre.standIn.url}/api` }).translate({
        text: "안녕",
        source: "ko",
        target: "en",
      }),
    );
    expect([wrongUrl.kind, wrongUrl.status]).toEqual(["auth", 404]);
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

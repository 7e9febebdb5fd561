// The DeepL client against the local stand-in that follows DeepL's documented contract: the
// translator contract first (test/support/provider-contract.ts), then what only DeepL does.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { deeplParams, startDeepLStandIn } from "../../test/stand-ins/deepl.js";
import { describeProviderContract, KOREAN_BATCH } from "../../test/support/provider-contract.js";
import { ConfigError } from "../errors.js";
import {
  createDeepLTranslator,
  DEEPL_FREE_URL,
  DEEPL_PRO_URL,
  DEEPL_TEXT_BYTES,
  deeplBaseUrl,
  deeplOptionsFromEnv,
  type DeepLOptions,
} from "./deepl.js";

const KEY = `${randomBytes(16).toString("hex")}:fx`;

const deepl = describeProviderContract({
  name: "deepl",
  start: () => startDeepLStandIn({ authKey: KEY }),
  create: (standIn, overrides: Partial<DeepLOptions> = {}) =>
    createDeepLTranslator({ apiKey: KEY, apiUrl: standIn.url, ...overrides }),
  at: (url) => ({ apiUrl: url }),
  secrets: [KEY],
  capabilities: { maxTexts: 50, limit: { unit: "bytes", max: DEEPL_TEXT_BYTES }, autoDetect: true },
  languages: ["ko", "zh-TW"],
  marks: { en: "EN-US:", ko: "KO:" },
  textsOf: (request) => deeplParams(request)?.text ?? [],
  failures: {
    auth: { answer: "auth", status: 403, code: undefined },
    quota: { answer: "quota", status: 456, code: undefined },
    rate: { answer: "rate", status: 429, code: undefined },
    server: { answer: "internal", status: 500, code: undefined },
    malformed: { answer: "malformed", status: 200, code: undefined },
  },
  answers: [
    ["529 high load", "busy", "rate", 529, undefined],
    ["413 request too large", "too-large", "too-long", 413, undefined],
    ["503 unavailable", "unavailable", "server", 503, undefined],
    ["502 HTML page", { status: 502, body: "<html>Bad Gateway</html>" }, "server", 502, undefined],
    [
      "JSON of another shape",
      { status: 200, body: { translations: [{}] } },
      "server",
      200,
      undefined,
    ],
    // The kit refuses an answer with fewer translations than texts.
    [
      "no translations",
      { status: 200, body: { translations: [] } },
      "server",
      undefined,
      undefined,
    ],
  ],
  echo: { status: 403, body: { message: `Invalid key ${KEY}` } },
  codes: {
    sent: [
      [
        ["pt", "zh"],
        ["PT", "ZH-HANS"],
      ],
      [
        ["zh-TW", "pt"],
        ["ZH", "PT-BR"],
      ],
      [
        ["de", "zh-TW"],
        ["DE", "ZH-HANT"],
      ],
      [
        ["en", "de"],
        ["EN", "DE"],
      ],
    ],
    pairOf: (r) => [deeplParams(r)?.source_lang, deeplParams(r)?.target_lang],
    detected: [
      ["ZH", "zh"],
      ["EN", "en"],
      ["PT", "pt"],
      ["NB", "nb"],
    ],
    detectedAnswer: (code) => ({
      status: 200,
      body: { translations: [{ detected_source_language: code, text: "EN-US:x" }] },
    }),
  },
});
const { translator, failure } = deepl;

describe("DeepL translator", () => {
  it("sends several texts in one documented request, and the detected language back", async () => {
    const request = await deepl.batchRequest();
    expect(request.method).toBe("POST");
    expect(request.path).toBe("/v2/translate");
    expect([...(request.query.keys() ?? [])]).toEqual([]);
    expect(request.headers.authorization).toBe(`DeepL-Auth-Key ${KEY}`);
    expect(request.headers["content-type"]).toBe("application/json");
    // No source_lang for auto, and never an auth_key in the body.
    expect(request.json).toEqual({
      text: KOREAN_BATCH,
      target_lang: "EN-US",
    });
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
      fetch(`${deepl.standIn.url}/v2/translate${query}`, {
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

  it("says what DeepL said", async () => {
    deepl.standIn.failNext(1, "quota");
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
      translator({ apiUrl: `${deepl.standIn.url}/v1` }).translate({
        text: "안녕",
        source: "ko",
        target: "en",
      }),
    );
    expect([wrongUrl.kind, wrongUrl.status]).toEqual(["auth", 404]);
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

// The Google Cloud Translation (Basic, v2) client against the local stand-in that follows Google's
// documented contract: the translator contract first (test/support/provider-contract.ts), then what
// only Google does.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { googleError, googleParams, startGoogleStandIn } from "../../test/stand-ins/google.js";
import { describeProviderContract, KOREAN_BATCH } from "../../test/support/provider-contract.js";
import { ConfigError } from "../errors.js";
import {
  createGoogleTranslator,
  GOOGLE_CHARS_PER_CALL,
  googleOptionsFromEnv,
  type GoogleOptions,
} from "./google.js";

const KEY = `AIza${randomBytes(16).toString("hex")}`;

const google = describeProviderContract({
  name: "google",
  start: () => startGoogleStandIn({ apiKey: KEY }),
  create: (standIn, overrides: Partial<GoogleOptions> = {}) =>
    createGoogleTranslator({ apiKey: KEY, apiUrl: standIn.url, ...overrides }),
  at: (url) => ({ apiUrl: url }),
  secrets: [KEY],
  capabilities: {
    maxTexts: 128,
    limit: { unit: "chars", max: GOOGLE_CHARS_PER_CALL },
    autoDetect: true,
  },
  marks: { en: "en:", ko: "ko:" },
  textsOf: (request) => googleParams(request)?.q ?? [],
  failures: {
    auth: { answer: "auth", status: 400, code: "badRequest" },
    quota: { answer: "daily-limit", status: 403, code: "dailyLimitExceeded" },
    rate: { answer: "too-many-requests", status: 429, code: "rateLimitExceeded" },
    server: { answer: "internal", status: 500, code: "backendError" },
    malformed: { answer: "malformed", status: 200, code: undefined },
  },
  answers: [
    [
      "400 keyInvalid (older envelope)",
      googleError(400, "INVALID_ARGUMENT", "Bad Request", "keyInvalid"),
      "auth",
      400,
      "keyInvalid",
    ],
    ["403 API not enabled", "forbidden", "auth", 403, "accessNotConfigured"],
    ["403 user rate limit exceeded", "user-rate", "rate", 403, "userRateLimitExceeded"],
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
    ["503 unavailable", "unavailable", "server", 503, "backendError"],
    ["502 HTML page", { status: 502, body: "<html>Bad Gateway</html>" }, "server", 502, undefined],
    ["JSON of another shape", { status: 200, body: { data: {} } }, "server", 200, undefined],
    [
      "fewer translations than texts",
      { status: 200, body: { data: { translations: [] } } },
      "server",
      undefined,
      undefined,
    ],
  ],
  echo: googleError(400, "INVALID_ARGUMENT", `API key not valid: ${KEY}`, "badRequest"),
  codes: {
    sent: [
      [
        ["en", "zh"],
        ["en", "zh-CN"],
      ],
      [
        ["zh-TW", "ko"],
        ["zh-TW", "ko"],
      ],
      [
        ["zh", "en"],
        ["zh-CN", "en"],
      ],
    ],
    pairOf: (r) => [googleParams(r)?.source, googleParams(r)?.target],
    detected: [
      ["zh-TW", "zh-TW"],
      ["zh-CN", "zh"],
      ["iw", "he"],
      ["fr", "fr"],
    ],
    detectedAnswer: (code) => ({
      status: 200,
      body: { data: { translations: [{ translatedText: "en:x", detectedSourceLanguage: code }] } },
    }),
  },
});
const { translator, failure } = google;

describe("Google translator", () => {
  it("sends several texts in one documented request, and the detected language back", async () => {
    const request = await google.batchRequest();
    expect(request.method).toBe("POST");
    expect(request.path).toBe("/language/translate/v2");
    expect(request.query.get("key")).toBe(KEY);
    expect([...(request.query.keys() ?? [])]).toEqual(["key"]);
    expect(request.headers["content-type"]).toMatch(/^application\/json/);
    // No source for auto; format=text always.
    expect(request.json).toEqual({
      q: KOREAN_BATCH,
      target: "en",
      format: "text",
    });
  });

  it("gets quotes and ampersands back as they are (format=text)", async () => {
    const text = `Tom & Jerry's "show" <live>`;
    const result = await translator().translate({ text, source: "en", target: "ko" });
    expect(result.text).toBe(`ko:${text}`);
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
      translator({ apiUrl: `${google.standIn.url}/v1` }).translate({
        text: "안녕",
        source: "ko",
        target: "en",
      }),
    );
    expect([wrongUrl.kind, wrongUrl.status]).toEqual(["auth", 404]);
  });

  it("keeps the key out of an error whose cause quotes the whole URL", async () => {
    // The error for a URL that does not parse quotes the URL, key and all.
    const error = await failure(
      translator({ apiUrl: "http://[::1" }).translate({ text: "안녕", source: "ko", target: "en" }),
    );
    expect(error.kind).toBe("network");
    expect(error.cause).toBeInstanceOf(Error);
    expect((error.cause as Error).message).toContain("[redacted]");
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

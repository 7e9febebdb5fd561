// The Azure AI Translator client against the local stand-in that follows Azure's documented
// contract: the translator contract first (test/support/provider-contract.ts), then what only Azure
// does.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { azureError, azureTexts, startAzureStandIn } from "../../test/stand-ins/azure.js";
import { describeProviderContract, KOREAN_BATCH } from "../../test/support/provider-contract.js";
import { ConfigError } from "../errors.js";
import { azureOptionsFromEnv, createAzureTranslator, type AzureOptions } from "./azure.js";

const KEY = randomBytes(16).toString("hex");
const REGION = "westeurope";

const azure = describeProviderContract({
  name: "azure",
  start: () => startAzureStandIn({ apiKey: KEY, region: REGION }),
  create: (standIn, overrides: Partial<AzureOptions> = {}) =>
    createAzureTranslator({ apiKey: KEY, region: REGION, apiUrl: standIn.url, ...overrides }),
  at: (url) => ({ apiUrl: url }),
  secrets: [KEY],
  capabilities: { maxTexts: 1000, limit: { unit: "chars", max: 50_000 }, autoDetect: true },
  marks: { en: "en:", ko: "ko:" },
  textsOf: (request) => azureTexts(request) ?? [],
  failures: {
    auth: { answer: "auth", status: 401, code: "401000" },
    quota: { answer: "quota", status: 403, code: "403001" },
    rate: { answer: "rate", status: 429, code: "429001" },
    server: { answer: "internal", status: 500, code: "500000" },
    malformed: { answer: "malformed", status: 200, code: undefined },
  },
  answers: [
    [
      "403000 operation not allowed",
      azureError(403, 403000, "Not allowed."),
      "auth",
      403,
      "403000",
    ],
    ["400050 text too long", "too-long", "too-long", 400, "400050"],
    [
      "400077 request too large",
      azureError(400, 400077, "The maximum request size has been exceeded."),
      "too-long",
      400,
      "400077",
    ],
    ["400036 target invalid", azureError(400, 400036, "Bad target."), "unsupported", 400, "400036"],
    ["408001 system being prepared", azureError(408, 408001, "Retry."), "server", 408, "408001"],
    ["503000 unavailable", "unavailable", "server", 503, "503000"],
    ["502 HTML page", { status: 502, body: "<html>Bad Gateway</html>" }, "server", 502, undefined],
    [
      "JSON of another shape",
      { status: 200, body: [{ translations: [] }] },
      "server",
      200,
      undefined,
    ],
    ["fewer translations than texts", { status: 200, body: [] }, "server", undefined, undefined],
  ],
  echo: azureError(401, 401000, `Key ${KEY} is not valid.`),
  codes: {
    sent: [
      [
        ["en", "zh"],
        ["en", "zh-Hans"],
      ],
      [
        ["zh-TW", "ko"],
        ["zh-Hant", "ko"],
      ],
      [
        ["en", "zh-TW"],
        ["en", "zh-Hant"],
      ],
    ],
    pairOf: (r) => [r.query.get("from") ?? undefined, r.query.get("to") ?? undefined],
    detected: [
      ["zh-Hant", "zh-TW"],
      ["zh-Hans", "zh"],
      ["fr", "fr"],
    ],
    detectedAnswer: (code) => ({
      status: 200,
      body: [
        {
          detectedLanguage: { language: code, score: 1.0 },
          translations: [{ text: "en:x", to: "en" }],
        },
      ],
    }),
  },
});
const { translator, failure } = azure;

describe("Azure translator", () => {
  it("sends several texts in one documented request, and the detected language back", async () => {
    const request = await azure.batchRequest();
    expect(request.method).toBe("POST");
    expect(request.path).toBe("/translate");
    // No from for auto.
    expect(Object.fromEntries(request.query ?? [])).toEqual({ "api-version": "3.0", to: "en" });
    expect(request.headers["ocp-apim-subscription-key"]).toBe(KEY);
    expect(request.headers["ocp-apim-subscription-region"]).toBe(REGION);
    expect(request.headers["content-type"]).toMatch(/^application\/json/);
    expect(request.json).toEqual(KOREAN_BATCH.map((text) => ({ Text: text })));
  });

  it("sends no region header for a global resource", async () => {
    const global = await startAzureStandIn({ apiKey: KEY });
    try {
      const result = await createAzureTranslator({ apiKey: KEY, apiUrl: global.url }).translate({
        text: "Hello",
        source: "en",
        target: "ko",
      });
      expect(result.text).toBe("ko:Hello");
      expect(global.requests[0]?.headers["ocp-apim-subscription-region"]).toBeUndefined();
    } finally {
      await global.close();
    }
  });

  it("maps what the stand-in itself refuses", async () => {
    const wrongKey = await failure(
      translator({ apiKey: "0".repeat(32) }).translate({
        text: "안녕",
        source: "ko",
        target: "en",
      }),
    );
    expect([wrongKey.kind, wrongKey.code]).toEqual(["auth", "401000"]);
    const wrongRegion = await failure(
      translator({ region: "eastus" }).translate({ text: "안녕", source: "ko", target: "en" }),
    );
    expect([wrongRegion.kind, wrongRegion.code]).toEqual(["auth", "401000"]);
    const unknownTarget = await failure(
      translator().translate({ text: "안녕", source: "ko", target: "xx" }),
    );
    expect([unknownTarget.kind, unknownTarget.code]).toEqual(["unsupported", "400036"]);
    const unknownSource = await failure(
      translator().translate({ text: "안녕", source: "xx", target: "en" }),
    );
    expect([unknownSource.kind, unknownSource.code]).toEqual(["unsupported", "400035"]);
    const wrongUrl = await failure(
      translator({ apiUrl: `${azure.standIn.url}/v3` }).translate({
        text: "안녕",
        source: "ko",
        target: "en",
      }),
    );
    expect([wrongUrl.kind, wrongUrl.status]).toEqual(["auth", 404]);
  });
});

describe("azureOptionsFromEnv", () => {
  it("is undefined without AZURE_TRANSLATOR_KEY, and reads the key, region and URL", () => {
    expect(azureOptionsFromEnv({ AZURE_TRANSLATOR_REGION: "westeurope" })).toBeUndefined();
    expect(azureOptionsFromEnv({ AZURE_TRANSLATOR_KEY: "k1" })).toEqual({ apiKey: "k1" });
    expect(
      azureOptionsFromEnv({
        AZURE_TRANSLATOR_KEY: "k1",
        AZURE_TRANSLATOR_REGION: "westeurope",
        AZURE_TRANSLATOR_URL: "https://example.cognitiveservices.azure.com/",
      }),
    ).toEqual({
      apiKey: "k1",
      region: "westeurope",
      apiUrl: "https://example.cognitiveservices.azure.com",
    });
  });

  it.each([
    ["AZURE_TRANSLATOR_URL", { AZURE_TRANSLATOR_URL: "secret.example.com" }],
    ["AZURE_TRANSLATOR_REGION", { AZURE_TRANSLATOR_REGION: "west europe secret" }],
    ["AZURE_TRANSLATOR_KEY", { AZURE_TRANSLATOR_KEY: "secret key" }],
  ])("refuses a malformed %s in one line, without its value", (variable, env) => {
    let error: unknown;
    try {
      azureOptionsFromEnv({ AZURE_TRANSLATOR_KEY: "k1", ...env });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    expect((error as ConfigError).message).toMatch(new RegExp(`^${variable}: [^\\n]+$`));
    expect((error as ConfigError).message).not.toContain("secret");
  });
});

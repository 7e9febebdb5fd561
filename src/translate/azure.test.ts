// The Azure AI Translator client against the local stand-in that follows Azure's documented contract.
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  azureError,
  azureTexts,
  startAzureStandIn,
  type AzurePreset,
  type AzureStandIn,
} from "../../test/stand-ins/azure.js";
import type { StandInFailure } from "../../test/stand-ins/http-stand-in.js";
import { ConfigError, ProviderError, type ProviderFailure } from "../errors.js";
import {
  AZURE_CHARS_PER_CALL,
  AZURE_MAX_TEXTS,
  azureOptionsFromEnv,
  createAzureTranslator,
} from "./azure.js";

const KEY = randomBytes(16).toString("hex");
const REGION = "westeurope";

let azure: AzureStandIn;
/** Every error seen, checked for the key at the end. */
const errors: unknown[] = [];

beforeAll(async () => {
  azure = await startAzureStandIn({ apiKey: KEY, region: REGION });
});
afterEach(() => azure.reset());
afterAll(async () => {
  await azure.close();
});

function translator(
  options: { timeoutMs?: number; apiUrl?: string; apiKey?: string; region?: string } = {},
) {
  return createAzureTranslator({
    apiKey: options.apiKey ?? KEY,
    region: options.region ?? REGION,
    apiUrl: options.apiUrl ?? azure.url,
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

describe("Azure translator", () => {
  it("describes itself", () => {
    const azureTranslator = translator();
    expect(azureTranslator.name).toBe("azure");
    expect(azureTranslator.real).toBe(true);
    expect(azureTranslator.capabilities).toEqual({
      maxTexts: 1000,
      limit: { unit: "chars", max: 50_000 },
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
      { text: "en:안녕하세요", source: "ko", target: "en", provider: "azure" },
      { text: "en:반갑습니다", source: "ko", target: "en", provider: "azure" },
      { text: "en:잘 지내세요?", source: "ko", target: "en", provider: "azure" },
    ]);
    expect(azure.requests).toHaveLength(1);
    const [request] = azure.requests;
    expect(request?.method).toBe("POST");
    expect(request?.path).toBe("/translate");
    // No from for auto.
    expect(Object.fromEntries(request?.query ?? [])).toEqual({ "api-version": "3.0", to: "en" });
    expect(request?.headers["ocp-apim-subscription-key"]).toBe(KEY);
    expect(request?.headers["ocp-apim-subscription-region"]).toBe(REGION);
    expect(request?.headers["content-type"]).toMatch(/^application\/json/);
    expect(request?.json).toEqual([
      { Text: "안녕하세요" },
      { Text: "반갑습니다" },
      { Text: "잘 지내세요?" },
    ]);
  });

  it("maps babelgram's codes to Azure's, and the detected language back", async () => {
    await translator().translate({ text: "Hello", source: "en", target: "zh" });
    await translator().translate({ text: "你好", source: "zh-TW", target: "ko" });
    const toChinese = await translator().translate({ text: "Hi", source: "en", target: "zh-TW" });
    expect(toChinese).toMatchObject({ text: "zh-Hant:Hi", target: "zh-TW" });
    expect(azure.requests.map((r) => [r.query.get("from"), r.query.get("to")])).toEqual([
      ["en", "zh-Hans"],
      ["zh-Hant", "ko"],
      ["en", "zh-Hant"],
    ]);
    const detected = await translator().translate({ text: "你好", source: "auto", target: "ko" });
    expect(detected).toMatchObject({ text: "ko:你好", source: "zh", target: "ko" });
  });

  it.each([
    ["zh-Hant", "zh-TW"],
    ["zh-Hans", "zh"],
    ["fr", "fr"],
  ])("reports a detected %s as %s", async (code, expected) => {
    azure.failNext(1, {
      status: 200,
      body: [
        {
          detectedLanguage: { language: code, score: 1.0 },
          translations: [{ text: "en:x", to: "en" }],
        },
      ],
    });
    const result = await translator().translate({ text: "x", source: "auto", target: "en" });
    expect(result.source).toBe(expected);
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

  it("splits an over-limit text at sentence ends and joins the translations back", async () => {
    const sentence = "The weather is lovely today. Shall we go for a walk? ";
    const text = sentence.repeat(Math.ceil(120_000 / sentence.length)).trim();
    const result = await translator().translate({ text, source: "en", target: "ko" });
    const calls = azure.requests.map((request) => azureTexts(request) ?? []);
    expect(calls.flat().length).toBeGreaterThan(1);
    for (const texts of calls) {
      expect(texts.join("").length).toBeLessThanOrEqual(AZURE_CHARS_PER_CALL);
      for (const piece of texts) expect(piece).toMatch(/^The weather.*[.?]$/s);
    }
    expect(result.text.startsWith("ko:The weather")).toBe(true);
    expect(result.text.replaceAll("ko:", "")).toBe(text);
  });

  it(`packs no more than ${AZURE_MAX_TEXTS} texts into one call`, async () => {
    const texts = Array.from({ length: 2500 }, (_, i) => `Text ${i}`);
    const results = await translator().translateBatch!({ texts, source: "en", target: "de" });
    expect(results.map((r) => r.text)).toEqual(texts.map((t) => `de:${t}`));
    expect(azure.requests.map((r) => azureTexts(r)?.length)).toEqual([1000, 1000, 500]);
  });

  it.each<
    [string, StandInFailure<AzurePreset>, ProviderFailure, number | undefined, string | undefined]
  >([
    ["401000 unauthorized", "auth", "auth", 401, "401000"],
    ["403001 free quota exceeded", "quota", "quota", 403, "403001"],
    [
      "403000 operation not allowed",
      azureError(403, 403000, "Not allowed."),
      "auth",
      403,
      "403000",
    ],
    ["429001 too many requests", "rate", "rate", 429, "429001"],
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
    ["500000 unexpected", "internal", "server", 500, "500000"],
    ["503000 unavailable", "unavailable", "server", 503, "503000"],
    ["502 HTML page", { status: 502, body: "<html>Bad Gateway</html>" }, "server", 502, undefined],
    ["malformed JSON", "malformed", "server", 200, undefined],
    [
      "JSON of another shape",
      { status: 200, body: [{ translations: [] }] },
      "server",
      200,
      undefined,
    ],
    ["fewer translations than texts", { status: 200, body: [] }, "server", undefined, undefined],
  ])("%s -> %s", async (_name, answer, kind, status, code) => {
    azure.failNext(1, answer);
    const error = await failure(
      translator().translate({ text: "안녕", source: "ko", target: "en" }),
    );
    expect(error.provider).toBe("azure");
    expect(error.kind).toBe(kind);
    expect(error.status).toBe(status);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(/^azure: /);
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
      translator({ apiUrl: `${azure.url}/v3` }).translate({
        text: "안녕",
        source: "ko",
        target: "en",
      }),
    );
    expect([wrongUrl.kind, wrongUrl.status]).toEqual(["auth", 404]);
  });

  it("times out when Azure does not answer", async () => {
    azure.failNext(1, "hang");
    const error = await failure(
      translator({ timeoutMs: 200 }).translate({ text: "안녕", source: "ko", target: "en" }),
    );
    expect(error.kind).toBe("timeout");
    expect(error.retryable).toBe(true);
  });

  it("stops when the caller's signal aborts", async () => {
    azure.hold();
    const controller = new AbortController();
    const pending = translator().translate({
      text: "안녕",
      source: "ko",
      target: "en",
      signal: controller.signal,
    });
    await azure.waitForRequests(1);
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

  it("keeps the key out of messages even when Azure echoes it", async () => {
    azure.failNext(1, azureError(401, 401000, `Key ${KEY} is not valid.`));
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

// The Papago client against the local stand-in that follows Papago's documented contract.
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  startPapagoStandIn,
  type PapagoFailure,
  type PapagoStandIn,
} from "../../test/stand-ins/papago.js";
import { ProviderError, type ProviderFailure } from "../errors.js";
import { createPapagoTranslator } from "./papago.js";

const CLIENT_ID = `id-${randomBytes(6).toString("hex")}`;
const SECRET = `secret-${randomBytes(12).toString("hex")}`;

let papago: PapagoStandIn;
/** Every error seen, checked for the keys at the end. */
const errors: unknown[] = [];

beforeAll(async () => {
  papago = await startPapagoStandIn({ clientId: CLIENT_ID, clientSecret: SECRET });
});
afterEach(() => papago.reset());
afterAll(async () => {
  await papago.close();
});

function translator(options: { timeoutMs?: number; apiUrl?: string } = {}) {
  return createPapagoTranslator({
    clientId: CLIENT_ID,
    clientSecret: SECRET,
    apiUrl: options.apiUrl ?? papago.url,
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

describe("Papago translator", () => {
  it("describes itself", () => {
    const papagoTranslator = translator();
    expect(papagoTranslator.name).toBe("papago");
    expect(papagoTranslator.real).toBe(true);
    expect(papagoTranslator.attribution).toBe("Translated by Papago");
  });

  it("translates ko -> en with the documented request", async () => {
    const result = await translator().translate({ text: "안녕하세요", source: "ko", target: "en" });
    expect(result).toEqual({
      text: "en:안녕하세요",
      source: "ko",
      target: "en",
      provider: "papago",
    });
    const [request] = papago.requests;
    expect(request?.method).toBe("POST");
    expect(request?.path).toBe("/nmt/v1/translation");
    expect(request?.headers["x-ncp-apigw-api-key-id"]).toBe(CLIENT_ID);
    expect(request?.headers["x-ncp-apigw-api-key"]).toBe(SECRET);
    expect(request?.headers["content-type"]).toBe("application/json");
    expect(request?.body).toEqual({ source: "ko", target: "en", text: "안녕하세요" });
  });

  it("accepts an apiUrl with a trailing slash", async () => {
    const result = await translator({ apiUrl: `${papago.url}/ ` }).translate({
      text: "Hello",
      source: "en",
      target: "ko",
    });
    expect(result.text).toBe("ko:Hello");
  });

  it('sends "zh" as zh-CN and reports it back as "zh"; zh-TW passes through', async () => {
    const toChinese = await translator().translate({ text: "안녕", source: "ko", target: "zh" });
    expect(toChinese).toMatchObject({ text: "zh-CN:안녕", target: "zh" });
    const fromChinese = await translator().translate({ text: "你好", source: "zh", target: "ko" });
    expect(fromChinese.source).toBe("zh");
    await translator().translate({ text: "你好", source: "zh-TW", target: "ko" });
    expect(papago.requests.map((r) => [r.body.source, r.body.target])).toEqual([
      ["ko", "zh-CN"],
      ["zh-CN", "ko"],
      ["zh-TW", "ko"],
    ]);
  });

  it('sends source "auto" and reports the language Papago detected', async () => {
    const japanese = await translator().translate({
      text: "こんにちは",
      source: "auto",
      target: "ko",
    });
    expect(japanese).toMatchObject({ text: "ko:こんにちは", source: "ja" });
    const chinese = await translator().translate({ text: "你好", source: "auto", target: "en" });
    expect(chinese.source).toBe("zh");
    expect(papago.requests[0]?.body.source).toBe("auto");
  });

  it("translates a 12,000-character text in pieces of at most 5000, in order", async () => {
    const sentence = "오늘은 날씨가 정말 좋네요. 산책하러 갈까요?\n";
    const text = sentence.repeat(Math.ceil(12_000 / sentence.length)).slice(0, 12_000);
    const result = await translator().translate({ text, source: "ko", target: "en" });
    expect(papago.requests.length).toBe(3);
    for (const request of papago.requests) {
      expect(request.body.text?.length).toBeLessThanOrEqual(5000);
      expect(request.body.text).toBe(request.body.text?.trim());
    }
    expect(result.text.split("en:")).toHaveLength(4);
    // The pieces come back in order, with the separators between them where they were.
    expect(result.text.replaceAll("en:", "")).toBe(text);
    expect(result.text.startsWith("en:오늘은")).toBe(true);
  });

  it("keeps a piece of a long text that is already in the target language", async () => {
    const korean = "가나다라 마바사. ".repeat(300).trim();
    const english = "Hello there. ".repeat(300).trim();
    const result = await translator().translate({
      text: `${korean}\n\n${english}`,
      source: "auto",
      target: "en",
    });
    // The stand-in answered the English piece with N2MT05.
    expect(papago.requests).toHaveLength(2);
    expect(result.text).toBe(`en:${korean}\n\n${english}`);
    expect(result.source).toBe("ko");

    const allEnglish = `${english}\n\n${english}`;
    const error = await failure(
      translator().translate({ text: allEnglish, source: "auto", target: "en" }),
    );
    expect(error.kind).toBe("same-language");
  });

  it("returns whitespace-only text as it is, without a call", async () => {
    const result = await translator().translate({ text: " \n ", source: "ko", target: "en" });
    expect(result.text).toBe(" \n ");
    expect(papago.requests).toHaveLength(0);
  });

  it.each<[string, PapagoFailure, ProviderFailure, number | undefined, string | undefined]>([
    ["401 authentication failed", "auth", "auth", 401, "200"],
    ["429 quota exceeded", "quota", "quota", 429, "400"],
    ["429 throttled", "throttle", "rate", 429, "410"],
    [
      "429 rate limited",
      { status: 429, body: { error: { errorCode: "420" } } },
      "rate",
      429,
      "420",
    ],
    [
      "413 entity too large",
      { status: 413, body: { error: { errorCode: "430" } } },
      "too-long",
      413,
      "430",
    ],
    ["N2MT05 same language", "same-language", "same-language", 400, "N2MT05"],
    ["N2MT08 text too long", "too-long", "too-long", 400, "N2MT08"],
    ["500 N2MT99", "internal", "server", 500, "N2MT99"],
    ["503 gateway", { status: 503, body: { error: { errorCode: "500" } } }, "server", 503, "500"],
    ["502 HTML page", { status: 502, body: "<html>Bad Gateway</html>" }, "server", 502, undefined],
    ["malformed JSON", "malformed", "server", 200, undefined],
    ["JSON of another shape", { status: 200, body: { message: {} } }, "server", 200, undefined],
    [
      "flat N2MT body",
      {
        status: 400,
        body: { errorMessage: "source and target must be different", errorCode: "N2MT05" },
      },
      "same-language",
      400,
      "N2MT05",
    ],
  ])("%s -> %s", async (_name, answer, kind, status, code) => {
    papago.failNext(1, answer);
    const error = await failure(
      translator().translate({ text: "안녕", source: "ko", target: "en" }),
    );
    expect(error.provider).toBe("papago");
    expect(error.kind).toBe(kind);
    expect(error.status).toBe(status);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(/^papago: /);
  });

  it("maps what the stand-in itself refuses", async () => {
    const unsupported = await failure(
      translator().translate({ text: "Xin chào", source: "vi", target: "th" }),
    );
    expect([unsupported.kind, unsupported.code]).toEqual(["unsupported", "N2MT06"]);
    const unknownTarget = await failure(
      translator().translate({ text: "안녕", source: "ko", target: "xx" }),
    );
    expect([unknownTarget.kind, unknownTarget.code]).toEqual(["unsupported", "N2MT04"]);
    const same = await failure(
      translator().translate({ text: "안녕", source: "auto", target: "ko" }),
    );
    expect(same.kind).toBe("same-language");
    const wrongKey = await failure(
      createPapagoTranslator({
        clientId: CLIENT_ID,
        clientSecret: "wrong",
        apiUrl: papago.url,
      }).translate({ text: "안녕", source: "ko", target: "en" }),
    );
    expect([wrongKey.kind, wrongKey.status]).toEqual(["auth", 401]);
    const wrongUrl = await failure(
      translator({ apiUrl: `${papago.url}/v1` }).translate({
        text: "안녕",
        source: "ko",
        target: "en",
      }),
    );
    expect([wrongUrl.kind, wrongUrl.status, wrongUrl.code]).toEqual(["auth", 404, "300"]);
  });

  it("times out when Papago does not answer", async () => {
    papago.failNext(1, "hang");
    const started = Date.now();
    const error = await failure(
      translator({ timeoutMs: 200 }).translate({ text: "안녕", source: "ko", target: "en" }),
    );
    expect(error.kind).toBe("timeout");
    expect(error.retryable).toBe(true);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("stops when the caller's signal aborts", async () => {
    papago.hold();
    const controller = new AbortController();
    const pending = translator().translate({
      text: "안녕",
      source: "ko",
      target: "en",
      signal: controller.signal,
    });
    await papago.waitForRequests(1);
    controller.abort();
    const error = await failure(pending);
    expect(error.kind).toBe("timeout");
    papago.release();
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

  it("keeps the keys out of messages even when Papago echoes them", async () => {
    papago.failNext(1, {
      status: 401,
      body: { error: { errorCode: "200", message: `Bad key ${SECRET} for ${CLIENT_ID}` } },
    });
    const error = await failure(
      translator().translate({ text: "안녕", source: "ko", target: "en" }),
    );
    expect(error.message).toContain("[redacted]");
  });

  it("never puts the keys into an error message or a cause's message", () => {
    expect(errors.length).toBeGreaterThan(15);
    for (const error of errors) {
      for (let current: unknown = error; current instanceof Error; current = current.cause) {
        expect(current.message).not.toContain(SECRET);
        expect(current.message).not.toContain(CLIENT_ID);
        expect(String(current.stack)).not.toContain(SECRET);
      }
    }
  });
});

// The Papago client against the local stand-in that follows Papago's documented contract: the
// translator contract first (test/support/provider-contract.ts), then what only Papago does.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { startPapagoStandIn } from "../../test/stand-ins/papago.js";
import { describeProviderContract } from "../../test/support/provider-contract.js";
import { createPapagoTranslator, PAPAGO_TEXT_LIMIT, type PapagoOptions } from "./papago.js";

const CLIENT_ID = `id-${randomBytes(6).toString("hex")}`;
const SECRET = `secret-${randomBytes(12).toString("hex")}`;

const papago = describeProviderContract({
  name: "papago",
  start: () => startPapagoStandIn({ clientId: CLIENT_ID, clientSecret: SECRET }),
  create: (standIn, overrides: Partial<PapagoOptions> = {}) =>
    createPapagoTranslator({
      clientId: CLIENT_ID,
      clientSecret: SECRET,
      apiUrl: standIn.url,
      ...overrides,
    }),
  at: (url) => ({ apiUrl: url }),
  secrets: [CLIENT_ID, SECRET],
  attribution: "Translated by Papago",
  // One text per call, cut by the client itself rather than the provider kit.
  capabilities: undefined,
  limit: { unit: "chars", max: PAPAGO_TEXT_LIMIT },
  marks: { en: "en:", ko: "ko:" },
  textsOf: (request) => [request.body.text ?? ""],
  failures: {
    auth: { answer: "auth", status: 401, code: "200" },
    quota: { answer: "quota", status: 429, code: "400" },
    rate: { answer: "throttle", status: 429, code: "410" },
    server: { answer: "internal", status: 500, code: "N2MT99" },
    malformed: { answer: "malformed", status: 200, code: undefined },
  },
  answers: [
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
    ["503 gateway", { status: 503, body: { error: { errorCode: "500" } } }, "server", 503, "500"],
    ["502 HTML page", { status: 502, body: "<html>Bad Gateway</html>" }, "server", 502, undefined],
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
  ],
  echo: {
    status: 401,
    body: { error: { errorCode: "200", message: `Bad key ${SECRET} for ${CLIENT_ID}` } },
  },
});
const { translator, failure } = papago;

describe("Papago translator", () => {
  it("sends the documented request", async () => {
    await translator().translate({ text: "안녕하세요", source: "ko", target: "en" });
    const [request] = papago.standIn.requests;
    expect(request?.method).toBe("POST");
    expect(request?.path).toBe("/nmt/v1/translation");
    expect(request?.headers["x-ncp-apigw-api-key-id"]).toBe(CLIENT_ID);
    expect(request?.headers["x-ncp-apigw-api-key"]).toBe(SECRET);
    expect(request?.headers["content-type"]).toBe("application/json");
    expect(request?.body).toEqual({ source: "ko", target: "en", text: "안녕하세요" });
  });

  it("accepts an apiUrl with a trailing slash", async () => {
    const result = await translator({ apiUrl: `${papago.standIn.url}/ ` }).translate({
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
    expect(papago.standIn.requests.map((r) => [r.body.source, r.body.target])).toEqual([
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
    expect(papago.standIn.requests[0]?.body.source).toBe("auto");
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
    expect(papago.standIn.requests).toHaveLength(2);
    expect(result.text).toBe(`en:${korean}\n\n${english}`);
    expect(result.source).toBe("ko");

    const allEnglish = `${english}\n\n${english}`;
    const error = await failure(
      translator().translate({ text: allEnglish, source: "auto", target: "en" }),
    );
    expect(error.kind).toBe("same-language");
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
        apiUrl: papago.standIn.url,
      }).translate({ text: "안녕", source: "ko", target: "en" }),
    );
    expect([wrongKey.kind, wrongKey.status]).toEqual(["auth", 401]);
    const wrongUrl = await failure(
      translator({ apiUrl: `${papago.standIn.url}/v1` }).translate({
        text: "안녕",
        source: "ko",
        target: "en",
      }),
    );
    expect([wrongUrl.kind, wrongUrl.status, wrongUrl.code]).toEqual(["auth", 404, "300"]);
  });
});

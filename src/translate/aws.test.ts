// The Amazon Translate client (the real AWS SDK v3) against the local stand-in that speaks AWS JSON
// 1.1 and checks SigV4 signatures: the translator contract first (test/support/provider-contract.ts),
// then what only Amazon does. The SDK finds the stand-in through AWS_ENDPOINT_URL_TRANSLATE, as it
// would find LocalStack or any other endpoint: the provider never sets an endpoint of its own.
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import {
  AWS_TRANSLATE_TARGET,
  startAwsTranslateStandIn,
} from "../../test/stand-ins/aws-translate.js";
import { closedPort, describeProviderContract } from "../../test/support/provider-contract.js";
import { ConfigError } from "../errors.js";
import { awsOptionsFromEnv, createAwsTranslator, type AwsOptions } from "./aws.js";
import { measure } from "./provider-kit.js";

const ACCESS_KEY_ID = `AKIA${randomBytes(8).toString("hex").toUpperCase()}`;
const SECRET = `secret-${randomBytes(16).toString("hex")}`;
const REGION = "eu-central-1";

const savedEnv = { ...process.env };
afterAll(() => {
  process.env = savedEnv;
});

const aws = describeProviderContract({
  name: "aws",
  start: async () => {
    const standIn = await startAwsTranslateStandIn({
      accessKeyId: ACCESS_KEY_ID,
      secretAccessKey: SECRET,
      region: REGION,
    });
    for (const name of ["AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL"]) {
      delete process.env[name];
    }
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_TRANSLATE: standIn.url,
      AWS_ACCESS_KEY_ID: ACCESS_KEY_ID,
      AWS_SECRET_ACCESS_KEY: SECRET,
      // Nothing from the developer's ~/.aws may leak into the tests.
      AWS_CONFIG_FILE: "/nonexistent/babelgram-test/config",
      AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/babelgram-test/credentials",
      // The SDK's notice that its 2027 releases need Node 22: true, but noise in test output.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    });
    return standIn;
  },
  // Nothing in the options names the stand-in: the SDK finds it through the environment.
  create: (_standIn, overrides: Partial<AwsOptions> = {}) =>
    createAwsTranslator({ region: REGION, secrets: [SECRET, ACCESS_KEY_ID], ...overrides }),
  at: (url) => ({ endpoint: url }),
  secrets: [SECRET, ACCESS_KEY_ID],
  capabilities: { maxTexts: 1, limit: { unit: "bytes", max: 10_000 }, autoDetect: true },
  marks: { en: "en:", ko: "ko:" },
  textsOf: (request) => [request.body.Text ?? ""],
  failures: {
    auth: { answer: "access-denied", status: 400, code: "AccessDeniedException" },
    quota: { answer: "limit-exceeded", status: 400, code: "LimitExceededException" },
    rate: { answer: "too-many-requests", status: 429, code: "TooManyRequestsException" },
    server: { answer: "internal", status: 500, code: "InternalServerException" },
    malformed: { answer: "malformed", status: 200, code: undefined },
  },
  answers: [
    [
      "UnsupportedLanguagePair",
      "unsupported-pair",
      "unsupported",
      400,
      "UnsupportedLanguagePairException",
    ],
    [
      "DetectedLanguageLowConfidence",
      "low-confidence",
      "unsupported",
      400,
      "DetectedLanguageLowConfidenceException",
    ],
    ["TextSizeLimitExceeded", "too-long", "too-long", 400, "TextSizeLimitExceededException"],
    ["Throttling", "throttling", "rate", 400, "ThrottlingException"],
    ["ServiceQuotaExceeded", "service-quota", "quota", 400, "ServiceQuotaExceededException"],
    ["ExpiredToken", "expired-token", "auth", 400, "ExpiredTokenException"],
    ["ServiceUnavailable", "unavailable", "server", 503, "ServiceUnavailableException"],
    [
      "JSON without TranslatedText",
      { status: 200, body: { SourceLanguageCode: "ko" } },
      "server",
      200,
      undefined,
    ],
    ["502 HTML page", { status: 502, body: "<html>Bad Gateway</html>" }, "server", 502, undefined],
    ["403 HTML page", { status: 403, body: "<html>Forbidden</html>" }, "auth", 403, undefined],
    [
      "403 with a qualified __type",
      { status: 403, body: { __type: "com.amazon.coral.service#AccessDeniedException" } },
      "auth",
      403,
      "AccessDeniedException",
    ],
  ],
  echo: {
    status: 400,
    body: {
      __type: "UnrecognizedClientException",
      Message: `Key ${ACCESS_KEY_ID} with secret ${SECRET} is invalid`,
    },
  },
});
const { translator, failure } = aws;

describe("Amazon Translate translator", () => {
  it("sends the request the AWS JSON 1.1 protocol documents, signed", async () => {
    await translator().translate({ text: "안녕하세요", source: "ko", target: "en" });
    expect(aws.standIn.requests).toHaveLength(1);
    const [request] = aws.standIn.requests;
    expect(request?.method).toBe("POST");
    expect(request?.path).toBe("/");
    expect(request?.headers["x-amz-target"]).toBe(AWS_TRANSLATE_TARGET);
    expect(request?.headers["content-type"]).toBe("application/x-amz-json-1.1");
    // The stand-in verified the signature with the secret; the scope names the key, region, service.
    expect(request?.headers.authorization).toMatch(
      new RegExp(
        `^AWS4-HMAC-SHA256 Credential=${ACCESS_KEY_ID}/\\d{8}/${REGION}/translate/aws4_request, SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}$`,
      ),
    );
    expect(JSON.parse(request?.raw ?? "")).toEqual({
      Text: "안녕하세요",
      SourceLanguageCode: "ko",
      TargetLanguageCode: "en",
    });
  });

  it("finds its endpoint through AWS_ENDPOINT_URL_TRANSLATE, and an endpoint option wins", async () => {
    // Nothing in the options names the stand-in: only the environment does.
    await translator().translate({ text: "Hello", source: "en", target: "ko" });
    expect(aws.standIn.requests).toHaveLength(1);

    process.env.AWS_ENDPOINT_URL_TRANSLATE = `http://127.0.0.1:${await closedPort()}`;
    try {
      const viaEnv = await failure(
        translator().translate({ text: "Hello", source: "en", target: "ko" }),
      );
      expect(viaEnv.kind).toBe("network");
      const viaOption = await translator({ endpoint: aws.standIn.url }).translate({
        text: "Hello",
        source: "en",
        target: "ko",
      });
      expect(viaOption.text).toBe("ko:Hello");
    } finally {
      process.env.AWS_ENDPOINT_URL_TRANSLATE = aws.standIn.url;
    }
    expect(aws.standIn.requests).toHaveLength(2);
  });

  it('sends "auto" and reports the language Amazon detected', async () => {
    const korean = await translator().translate({
      text: "안녕하세요",
      source: "auto",
      target: "en",
    });
    expect(korean).toMatchObject({ text: "en:안녕하세요", source: "ko" });
    const chinese = await translator().translate({ text: "你好", source: "auto", target: "ko" });
    expect(chinese.source).toBe("zh");
    expect(aws.standIn.requests.map((r) => r.body.SourceLanguageCode)).toEqual(["auto", "auto"]);
  });

  it("sends Chinese as zh / zh-TW, Amazon's codes", async () => {
    await translator().translate({ text: "안녕", source: "ko", target: "zh" });
    await translator().translate({ text: "안녕", source: "ko", target: "zh-CN" });
    await translator().translate({ text: "你好", source: "zh-TW", target: "ko" });
    await translator().translate({ text: "Bonjour", source: "fr-ca", target: "en" });
    expect(
      aws.standIn.requests.map((r) => [r.body.SourceLanguageCode, r.body.TargetLanguageCode]),
    ).toEqual([
      ["ko", "zh"],
      ["ko", "zh"],
      ["zh-TW", "ko"],
      ["fr-CA", "en"],
    ]);
  });

  it("cuts a Korean text under 10,000 characters but over 10,000 bytes", async () => {
    const sentence = "오늘은 날씨가 정말 좋네요. 산책하러 갈까요? ";
    const text = sentence.repeat(Math.ceil(21_000 / measure(sentence, "bytes"))).trim();
    expect(text.length).toBeLessThan(10_000); // under the limit in characters, over it in bytes
    expect(measure(text, "bytes")).toBeGreaterThan(20_000);
    const result = await translator().translate({ text, source: "ko", target: "en" });
    expect(aws.standIn.requests.length).toBeGreaterThan(2);
    for (const request of aws.standIn.requests) {
      expect(measure(request.body.Text ?? "", "bytes")).toBeLessThanOrEqual(10_000);
    }
    expect(result.text.replaceAll("en:", "")).toBe(text);
  });

  it("the stand-in itself refuses a text over 10,000 bytes", async () => {
    const { TranslateClient, TranslateTextCommand } = await import("@aws-sdk/client-translate");
    const client = new TranslateClient({ region: REGION, maxAttempts: 1 });
    const error = await client
      .send(
        new TranslateTextCommand({
          Text: "가".repeat(3334), // 10,002 bytes, 3334 characters
          SourceLanguageCode: "ko",
          TargetLanguageCode: "en",
        }),
      )
      .then(
        () => undefined,
        (reason: unknown) => reason,
      );
    expect((error as Error).name).toBe("TextSizeLimitExceededException");
  });

  it("maps what the stand-in itself refuses: wrong secret, unknown key, wrong region, pair", async () => {
    const wrongSecret = await failure(
      translator({
        credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: "not-the-secret" },
      }).translate({ text: "안녕", source: "ko", target: "en" }),
    );
    expect([wrongSecret.kind, wrongSecret.code]).toEqual(["auth", "InvalidSignatureException"]);
    const unknownKey = await failure(
      translator({
        credentials: { accessKeyId: "AKIAUNKNOWN000000000", secretAccessKey: SECRET },
      }).translate({ text: "안녕", source: "ko", target: "en" }),
    );
    expect([unknownKey.kind, unknownKey.code]).toEqual(["auth", "UnrecognizedClientException"]);
    const wrongRegion = await failure(
      translator({ region: "us-west-2" }).translate({ text: "안녕", source: "ko", target: "en" }),
    );
    expect([wrongRegion.kind, wrongRegion.code]).toEqual(["auth", "InvalidSignatureException"]);
    const pair = await failure(
      translator().translate({ text: "안녕", source: "ko", target: "xx" }),
    );
    expect([pair.kind, pair.code]).toEqual(["unsupported", "UnsupportedLanguagePairException"]);
  });
});

describe("awsOptionsFromEnv", () => {
  it("is off unless TRANSLATOR names aws", () => {
    expect(awsOptionsFromEnv({ AWS_REGION: "eu-west-1" })).toBeUndefined();
    expect(awsOptionsFromEnv({ TRANSLATOR: "papago", AWS_REGION: "eu-west-1" })).toBeUndefined();
    expect(awsOptionsFromEnv({ TRANSLATOR: "papago, AWS", AWS_REGION: "eu-west-1" })).toEqual({
      region: "eu-west-1",
      secrets: [],
    });
  });

  it("takes the region from AWS_REGION, else AWS_DEFAULT_REGION, and keeps the keys to scrub", () => {
    const env = {
      TRANSLATOR: "aws",
      AWS_DEFAULT_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: "AKIAEXAMPLE",
      AWS_SECRET_ACCESS_KEY: "very-secret",
      AWS_SESSION_TOKEN: "session-token",
    };
    expect(awsOptionsFromEnv(env)).toEqual({
      region: "us-east-1",
      secrets: ["very-secret", "session-token", "AKIAEXAMPLE"],
    });
    expect(awsOptionsFromEnv({ ...env, AWS_REGION: "ap-northeast-2" })?.region).toBe(
      "ap-northeast-2",
    );
  });

  it("names AWS_REGION when no region is set, without echoing anything", () => {
    const missing = (() => {
      try {
        awsOptionsFromEnv({ TRANSLATOR: "aws", AWS_SECRET_ACCESS_KEY: "very-secret" });
      } catch (error) {
        return error;
      }
    })();
    expect(missing).toBeInstanceOf(ConfigError);
    expect((missing as ConfigError).variable).toBe("AWS_REGION");
    expect((missing as ConfigError).message).toMatch(/^AWS_REGION: /);
    expect((missing as ConfigError).message).not.toContain("\n");
    expect(() => awsOptionsFromEnv({ TRANSLATOR: "aws", AWS_REGION: "Frankfurt!" })).toThrow(
      /^AWS_REGION: is not an AWS region/,
    );
    expect(() => awsOptionsFromEnv({ TRANSLATOR: "aws", AWS_REGION: "Frankfurt!" })).not.toThrow(
      /Frankfurt/,
    );
  });
});

// The Amazon Translate client (the real AWS SDK v3) against the local stand-in that speaks AWS JSON
// 1.1 and checks SigV4 signatures. The SDK finds the stand-in through AWS_ENDPOINT_URL_TRANSLATE, as
// it would find LocalStack or any other endpoint: the provider never sets an endpoint of its own.
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import { inspect } from "node:util";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  AWS_TRANSLATE_TARGET,
  startAwsTranslateStandIn,
  type AwsTranslateFailure,
  type AwsTranslateStandIn,
} from "../../test/stand-ins/aws-translate.js";
import { ConfigError, ProviderError, type ProviderFailure } from "../errors.js";
import { awsOptionsFromEnv, createAwsTranslator, type AwsOptions } from "./aws.js";
import { measure } from "./provider-kit.js";

const ACCESS_KEY_ID = `AKIA${randomBytes(8).toString("hex").toUpperCase()}`;
const SECRET = `secret-${randomBytes(16).toString("hex")}`;
const REGION = "eu-central-1";

let aws: AwsTranslateStandIn;
const savedEnv = { ...process.env };
/** Every error seen, checked for the keys at the end. */
const errors: unknown[] = [];

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  aws = await startAwsTranslateStandIn({
    accessKeyId: ACCESS_KEY_ID,
    secretAccessKey: SECRET,
    region: REGION,
  });
  for (const name of ["AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL"]) {
    delete process.env[name];
  }
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_TRANSLATE: aws.url,
    AWS_ACCESS_KEY_ID: ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY: SECRET,
    // Nothing from the developer's ~/.aws may leak into the tests.
    AWS_CONFIG_FILE: "/nonexistent/babelgram-test/config",
    AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/babelgram-test/credentials",
    // The SDK's notice that its 2027 releases need Node 22: true, but noise in test output.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  });
});
afterEach(() => aws.reset());
afterAll(async () => {
  process.env = savedEnv;
  await aws.close();
});

function translator(options: Partial<AwsOptions> = {}) {
  return createAwsTranslator({ region: REGION, secrets: [SECRET, ACCESS_KEY_ID], ...options });
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

describe("Amazon Translate translator", () => {
  it("describes itself", () => {
    const amazon = translator();
    expect(amazon.name).toBe("aws");
    expect(amazon.real).toBe(true);
    expect(amazon.attribution).toBeUndefined();
    expect(amazon.capabilities).toEqual({
      maxTexts: 1,
      limit: { unit: "bytes", max: 10_000 },
      autoDetect: true,
    });
  });

  it("translates ko -> en with the request the AWS JSON 1.1 protocol documents, signed", async () => {
    const result = await translator().translate({ text: "안녕하세요", source: "ko", target: "en" });
    expect(result).toEqual({ text: "en:안녕하세요", source: "ko", target: "en", provider: "aws" });
    expect(aws.requests).toHaveLength(1);
    const [request] = aws.requests;
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
    expect(aws.requests).toHaveLength(1);

    process.env.AWS_ENDPOINT_URL_TRANSLATE = `http://127.0.0.1:${await closedPort()}`;
    try {
      const viaEnv = await failure(
        translator().translate({ text: "Hello", source: "en", target: "ko" }),
      );
      expect(viaEnv.kind).toBe("network");
      const viaOption = await translator({ endpoint: aws.url }).translate({
        text: "Hello",
        source: "en",
        target: "ko",
      });
      expect(viaOption.text).toBe("ko:Hello");
    } finally {
      process.env.AWS_ENDPOINT_URL_TRANSLATE = aws.url;
    }
    expect(aws.requests).toHaveLength(2);
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
    expect(aws.requests.map((r) => r.body.SourceLanguageCode)).toEqual(["auto", "auto"]);
  });

  it("sends Chinese as zh / zh-TW, Amazon's codes", async () => {
    await translator().translate({ text: "안녕", source: "ko", target: "zh" });
    await translator().translate({ text: "안녕", source: "ko", target: "zh-CN" });
    await translator().translate({ text: "你好", source: "zh-TW", target: "ko" });
    await translator().translate({ text: "Bonjour", source: "fr-ca", target: "en" });
    expect(aws.requests.map((r) => [r.body.SourceLanguageCode, r.body.TargetLanguageCode])).toEqual(
      [
        ["ko", "zh"],
        ["ko", "zh"],
        ["zh-TW", "ko"],
        ["fr-CA", "en"],
      ],
    );
  });

  it("translates a batch one text per call, in order, skipping empty texts", async () => {
    const results = await translator().translateBatch!({
      texts: ["하나", "둘", " ", "셋"],
      source: "ko",
      target: "en",
    });
    expect(results.map((r) => r.text)).toEqual(["en:하나", "en:둘", " ", "en:셋"]);
    expect(aws.requests.map((r) => r.body.Text)).toEqual(["하나", "둘", "셋"]);
  });

  it("cuts a Korean text over 10,000 bytes at sentence ends and joins the translations", async () => {
    const sentence = "오늘은 날씨가 정말 좋네요. 산책하러 갈까요? ";
    const text = sentence.repeat(Math.ceil(21_000 / measure(sentence, "bytes"))).trim();
    expect(text.length).toBeLessThan(10_000); // under the limit in characters, over it in bytes
    expect(measure(text, "bytes")).toBeGreaterThan(20_000);
    const result = await translator().translate({ text, source: "ko", target: "en" });
    expect(aws.requests.length).toBeGreaterThan(2);
    for (const request of aws.requests) {
      const piece = request.body.Text ?? "";
      expect(measure(piece, "bytes")).toBeLessThanOrEqual(10_000);
      expect(piece).toBe(piece.trim());
      expect(piece).toMatch(/[.?]$/);
    }
    expect(result.text.split("en:")).toHaveLength(aws.requests.length + 1);
    expect(result.text.startsWith("en:오늘은")).toBe(true);
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

  it.each<[AwsTranslateFailure, ProviderFailure, number, string | undefined]>([
    ["unsupported-pair", "unsupported", 400, "UnsupportedLanguagePairException"],
    ["low-confidence", "unsupported", 400, "DetectedLanguageLowConfidenceException"],
    ["too-long", "too-long", 400, "TextSizeLimitExceededException"],
    ["too-many-requests", "rate", 429, "TooManyRequestsException"],
    ["throttling", "rate", 400, "ThrottlingException"],
    ["limit-exceeded", "quota", 400, "LimitExceededException"],
    ["service-quota", "quota", 400, "ServiceQuotaExceededException"],
    ["access-denied", "auth", 400, "AccessDeniedException"],
    ["expired-token", "auth", 400, "ExpiredTokenException"],
    ["internal", "server", 500, "InternalServerException"],
    ["unavailable", "server", 503, "ServiceUnavailableException"],
    ["malformed", "server", 200, undefined],
    [{ status: 200, body: { SourceLanguageCode: "ko" } }, "server", 200, undefined],
    [{ status: 502, body: "<html>Bad Gateway</html>" }, "server", 502, undefined],
    [{ status: 403, body: "<html>Forbidden</html>" }, "auth", 403, undefined],
    [
      { status: 403, body: { __type: "com.amazon.coral.service#AccessDeniedException" } },
      "auth",
      403,
      "AccessDeniedException",
    ],
  ])("%j -> %s", async (answer, kind, status, code) => {
    aws.failNext(1, answer);
    const error = await failure(
      translator().translate({ text: "안녕", source: "ko", target: "en" }),
    );
    expect(error.provider).toBe("aws");
    expect(error.kind).toBe(kind);
    expect(error.status).toBe(status);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(/^aws: /);
    // No retries by the SDK: the caller decides (another translator may be next).
    expect(aws.requests).toHaveLength(1);
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

  it("times out when Amazon does not answer", async () => {
    aws.failNext(1, "hang");
    const error = await failure(
      translator({ timeoutMs: 200 }).translate({ text: "안녕", source: "ko", target: "en" }),
    );
    expect(error.kind).toBe("timeout");
    expect(error.retryable).toBe(true);
  });

  it("stops when the caller's signal aborts", async () => {
    aws.failNext(1, "hang");
    const controller = new AbortController();
    const pending = translator().translate({
      text: "안녕",
      source: "ko",
      target: "en",
      signal: controller.signal,
    });
    await expect.poll(() => aws.requests.length).toBe(1);
    controller.abort();
    const error = await failure(pending);
    expect(error.kind).toBe("timeout");
    expect(error.message).toContain("cancelled");
  });

  it("reports a refused connection as a network error", async () => {
    const error = await failure(
      translator({ endpoint: `http://127.0.0.1:${await closedPort()}` }).translate({
        text: "안녕",
        source: "ko",
        target: "en",
      }),
    );
    expect(error.kind).toBe("network");
    expect(error.message).toContain("ECONNREFUSED");
  });

  it("keeps the keys out of messages even when Amazon echoes them", async () => {
    aws.failNext(1, {
      status: 400,
      body: {
        __type: "UnrecognizedClientException",
        Message: `Key ${ACCESS_KEY_ID} with secret ${SECRET} is invalid`,
      },
    });
    const error = await failure(
      translator().translate({ text: "안녕", source: "ko", target: "en" }),
    );
    expect(error.kind).toBe("auth");
    expect(error.message).toContain("[redacted]");
  });

  it("never puts the keys into an error message or a cause's message", () => {
    expect(errors.length).toBeGreaterThan(20);
    for (const error of errors) {
      // Everything a logger could print, hidden fields and causes included.
      const printed = inspect(error, { depth: 8, showHidden: true });
      expect(printed).not.toContain(SECRET);
      expect(printed).not.toContain(ACCESS_KEY_ID);
      for (let current: unknown = error; current instanceof Error; current = current.cause) {
        expect(current.message).not.toContain(SECRET);
        expect(current.message).not.toContain(ACCESS_KEY_ID);
        expect(String(current.stack)).not.toContain(SECRET);
      }
    }
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

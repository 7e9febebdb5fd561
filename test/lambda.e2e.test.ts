// The Lambda entry in process, fed the recorded API Gateway and Function URL events, against the
// local Bot API and the Papago stand-in: the same composition as on AWS (src/lambda.ts), from an env.
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import dynalite from "dynalite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLambdaEntry, type LambdaEntry } from "../src/lambda.js";
import type { LambdaResult } from "../src/runtime/lambda.js";
import { openStore } from "../src/store/index.js";
import {
  EVENT_KINDS,
  lambdaEvent,
  messageUpdate,
  type EventKind,
} from "./support/lambda-events.js";
import { useWorld } from "./support/world.js";

const env = useWorld();
const SECRET = `lambda-secret_${randomBytes(8).toString("hex")}`;
let nextUpdateId = 700_000_000;

function entry(extra: Record<string, string | undefined> = {}) {
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  // The world's env, without its SQLite store (refused on Lambda) and PATH/HOME (not config).
  const base: Record<string, string | undefined> = env.world.env({
    WEBHOOK_SECRET: SECRET,
    TELEGRAM_BOT_USERNAME: "babelgram_test_bot",
  });
  for (const name of ["STORE_URL", "PATH", "HOME"]) delete base[name];
  const lambda = createLambdaEntry({ ...base, ...extra }, { logDestination: destination });
  return { lambda, logs };
}

/** A user writes to the bot in the emulator; answers the update Telegram would deliver for it. */
async function userWrites(text: string) {
  const user = await env.world.client.createUser({ first_name: "Minsu", language_code: "ko" });
  const sent = await env.world.client.sendMessage({ chat_id: user.id, from_id: user.id, text });
  const update = messageUpdate({
    updateId: nextUpdateId++,
    messageId: sent.message_id,
    user,
    text,
  });
  return { user, sent, body: JSON.stringify(update) };
}

async function deliver(lambda: LambdaEntry, event: unknown): Promise<LambdaResult> {
  const result = await lambda.handle(event, { awsRequestId: "test" });
  expect(typeof result.body).toBe("string");
  expect(result.isBase64Encoded).toBe(false);
  return result;
}

describe("babelgram on AWS Lambda (in process)", () => {
  it.each(EVENT_KINDS)(
    "answers a %s event: the translation arrives in the chat, without getMe",
    async (kind: EventKind) => {
      const { lambda } = entry();
      const { user, sent, body } = await userWrites("안녕하세요, 오늘 날씨가 정말 좋네요");
      const result = await deliver(lambda, lambdaEvent(kind, body, SECRET));
      expect(result.statusCode).toBe(200);
      const [reply] = await env.world.client.waitForBotMessages({ chat_id: user.id, count: 1 });
      expect(reply?.text).toBe("en:안녕하세요, 오늘 날씨가 정말 좋네요");
      expect(reply?.reply_to_message?.message_id).toBe(sent.message_id);
      expect(await env.world.client.calls({ method: "getMe" })).toEqual([]);
    },
  );

  it("refuses a wrong or missing secret with 401, in any event kind, and sends nothing", async () => {
    const { lambda } = entry();
    const { user, body } = await userWrites("안녕하세요");
    for (const kind of EVENT_KINDS) {
      expect((await deliver(lambda, lambdaEvent(kind, body, "not-the-secret"))).statusCode).toBe(
        401,
      );
      expect((await deliver(lambda, lambdaEvent(kind, body, undefined))).statusCode).toBe(401);
    }
    expect(await env.world.client.sent({ chat_id: user.id })).toEqual([]);
    expect(env.world.papago.requests).toEqual([]);
  });

  it("answers 400 to an event of unknown shape, and never throws", async () => {
    const { lambda } = entry();
    for (const event of [
      undefined,
      null,
      "POST",
      [],
      {},
      { source: "aws.events", "detail-type": "Scheduled Event" },
      { version: "2.0", requestContext: {} },
      { httpMethod: "POST", body: { update_id: 1 } },
    ]) {
      const result = await deliver(lambda, event);
      expect(result.statusCode).toBe(400);
    }
  });

  it("answers 503 with Retry-After when the budget runs out, and replies once on re-delivery", async () => {
    const { lambda, logs } = entry({ WEBHOOK_BUDGET_MS: "300" });
    const { user, body } = await userWrites("내일 같이 점심 먹을래요?");
    const event = lambdaEvent("http-v2", body, SECRET);
    env.world.papago.hold();
    const late = await deliver(lambda, event);
    expect(late.statusCode).toBe(503);
    expect(Number(late.headers["retry-after"])).toBeGreaterThan(0);
    expect(logs.join("")).toContain("not finished within the budget");
    env.world.papago.release();

    // Telegram re-sends until it gets a 2xx; the aborted first run must give the update back first.
    let result = await deliver(lambda, event);
    for (let attempt = 0; result.statusCode === 503 && attempt < 100; attempt++) {
      await sleep(50);
      result = await deliver(lambda, event);
    }
    expect(result.statusCode).toBe(200);
    const sent = await env.world.client.sent({ chat_id: user.id });
    expect(sent.map((message) => message.text)).toEqual(["en:내일 같이 점심 먹을래요?"]);
    // The first run was cut off before its reply left; its translation was cached, so the
    // re-delivery answered from the cache without a second provider call.
    expect(env.world.papago.requests).toHaveLength(1);
    // A further re-delivery is a duplicate: acknowledged, nothing sent.
    expect((await deliver(lambda, event)).statusCode).toBe(200);
    expect(await env.world.client.sent({ chat_id: user.id })).toHaveLength(1);
  });

  it("without TELEGRAM_BOT_USERNAME asks getMe once per cold start, with a warning", async () => {
    const { lambda, logs } = entry({ TELEGRAM_BOT_USERNAME: undefined });
    for (const text of ["첫 번째 메시지입니다", "두 번째 메시지입니다"]) {
      const { user, body } = await userWrites(text);
      expect((await deliver(lambda, lambdaEvent("function-url", body, SECRET))).statusCode).toBe(
        200,
      );
      await env.world.client.waitForBotMessages({ chat_id: user.id, count: 1 });
    }
    expect(await env.world.client.calls({ method: "getMe" })).toHaveLength(1);
    expect(logs.join("")).toContain("TELEGRAM_BOT_USERNAME is not set");
  });

  it("warns that settings are lost when STORE_URL is not set", async () => {
    const { lambda, logs } = entry();
    const { body } = await userWrites("안녕하세요");
    expect((await deliver(lambda, lambdaEvent("rest-v1", body, SECRET))).statusCode).toBe(200);
    expect(logs.join("")).toContain("STORE_URL is not set");
  });

  it.each([
    [{ WEBHOOK_SECRET: undefined }, "WEBHOOK_SECRET: is required on Lambda"],
    [{ STORE_URL: "sqlite:./data/babelgram.db" }, "STORE_URL: sqlite: is not available on Lambda"],
    [{ STORE_URL: "postgres://bot@db/bot" }, "STORE_URL: postgres: is not available on Lambda"],
    [{ TELEGRAM_BOT_TOKEN: undefined }, "TELEGRAM_BOT_TOKEN: is not set"],
    [{ WEBHOOK_BUDGET_MS: "soon" }, "WEBHOOK_BUDGET_MS: expected a whole number"],
  ])("a config mistake (%o) answers 500 to every event and is logged once", async (extra, line) => {
    const { lambda, logs } = entry(extra);
    const { user, body } = await userWrites("안녕하세요");
    for (let i = 0; i < 3; i++) {
      const result = await deliver(lambda, lambdaEvent("http-v2", body, SECRET));
      expect(result.statusCode).toBe(500);
    }
    const fatal = logs.filter((log) => log.includes("babelgram cannot start"));
    expect(fatal).toHaveLength(1);
    expect(fatal[0]).toContain(line);
    expect(fatal.join("")).not.toContain(SECRET);
    expect(await env.world.client.sent({ chat_id: user.id })).toEqual([]);
  });

  describe("with the DynamoDB store (dynalite)", () => {
    const dynamo = dynalite({ createTableMs: 0 });
    const savedEnv = { ...process.env };
    const STORE_URL = "dynamodb:babelgram-lambda-test?region=us-east-1";

    beforeAll(async () => {
      await new Promise<void>((resolve) => dynamo.listen(0, "127.0.0.1", resolve));
      // The SDK reads its endpoint and credentials from process.env, as on Lambda.
      Object.assign(process.env, {
        AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${(dynamo.address() as AddressInfo).port}`,
        AWS_ACCESS_KEY_ID: "test-key-id",
        AWS_SECRET_ACCESS_KEY: "test-secret",
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      });
      const store = await openStore(STORE_URL);
      await store.migrate();
      await store.close();
    });

    afterAll(async () => {
      process.env = savedEnv;
      await new Promise((resolve) => dynamo.close(resolve));
    });

    it("a re-delivery reaching another instance is a duplicate: one reply", async () => {
      const first = entry({ STORE_URL }).lambda;
      const second = entry({ STORE_URL }).lambda;
      const { user, body } = await userWrites("두 인스턴스 사이의 중복 확인");
      const event = lambdaEvent("http-v2", body, SECRET);
      expect((await deliver(first, event)).statusCode).toBe(200);
      expect((await deliver(second, event)).statusCode).toBe(200);
      const sent = await env.world.client.sent({ chat_id: user.id });
      expect(sent.map((message) => message.text)).toEqual(["en:두 인스턴스 사이의 중복 확인"]);
      expect(env.world.papago.requests).toHaveLength(1);
    });
  });
});

// Webhook delivery as Telegram does it, against a local receiver: secret header, per-chat order,
// max_connections, retries with backoff and Retry-After, last_error_* and webhook replies.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  answerWith,
  hold,
  replyWith,
  WebhookReceiver,
} from "../../test/support/webhook-receiver.js";
import { useEmulator } from "./test-emulator.js";

const TIMING = { webhookTimeoutMs: 300, webhookRetryBaseMs: 20, webhookRetryCapMs: 100 };

const env = useEmulator(TIMING);
let receiver: WebhookReceiver;
let ada: { id: number };
let bob: { id: number };

beforeEach(async () => {
  receiver = await WebhookReceiver.start();
  ada = await env.client.createUser({ first_name: "Ada" });
  bob = await env.client.createUser({ first_name: "Bob" });
});
afterEach(async () => {
  await env.client.reset();
  await receiver.close();
});

async function say(user: { id: number }, ...texts: string[]) {
  for (const text of texts)
    await env.client.sendMessage({ chat_id: user.id, from_id: user.id, text });
}
const pending = async () => (await env.api.getWebhookInfo()).pending_update_count;
const neverAnswer = () => new Promise<void>(() => undefined);

describe("delivery", () => {
  it("POSTs each update as JSON with the secret header and forgets it after a 2xx", async () => {
    await say(ada, "hello");
    await env.api.setWebhook(receiver.url, { secret_token: "s3cret_-" });
    const [delivery] = await receiver.waitFor(1);
    expect(delivery?.headers["x-telegram-bot-api-secret-token"]).toBe("s3cret_-");
    expect(delivery?.headers["content-type"]).toBe("application/json");
    expect(delivery?.update.message?.text).toBe("hello");
    await expect.poll(pending).toBe(0);

    await say(ada, "later");
    await receiver.waitFor(2);
    expect(receiver.texts()).toEqual(["hello", "later"]);
    await expect.poll(pending).toBe(0);
    expect((await env.api.getWebhookInfo()).last_error_date).toBeUndefined();
  });

  it("sends no secret header without a secret", async () => {
    await env.api.setWebhook(receiver.url);
    await say(ada, "hi");
    const [delivery] = await receiver.waitFor(1);
    expect(delivery?.headers["x-telegram-bot-api-secret-token"]).toBeUndefined();
  });

  it("keeps each chat in order, one update in flight per chat, chats in parallel", async () => {
    await say(ada, "a1", "a2", "a3");
    await say(bob, "b1", "b2", "b3");
    receiver.answer = () => hold(40);
    await env.api.setWebhook(receiver.url);
    await receiver.waitFor(6);
    expect(receiver.texts(ada.id)).toEqual(["a1", "a2", "a3"]);
    expect(receiver.texts(bob.id)).toEqual(["b1", "b2", "b3"]);
    expect(receiver.maxInFlightPerChat).toBe(1);
    expect(receiver.maxInFlight).toBe(2);
    await expect.poll(pending).toBe(0);
  });

  it("max_connections 1 delivers one update at a time", async () => {
    await say(ada, "a1", "a2");
    await say(bob, "b1", "b2");
    receiver.answer = () => hold(20);
    await env.api.setWebhook(receiver.url, { max_connections: 1 });
    await receiver.waitFor(4);
    expect(receiver.maxInFlight).toBe(1);
    expect(receiver.texts(ada.id)).toEqual(["a1", "a2"]);
    expect(receiver.texts(bob.id)).toEqual(["b1", "b2"]);
  });
});

describe("failures and retries", () => {
  it("retries a 500 at once, records the error, then delivers once", async () => {
    let calls = 0;
    receiver.answer = (_delivery, res) => {
      if (++calls === 1) answerWith(res, 500);
    };
    await env.api.setWebhook(receiver.url);
    await say(ada, "one");
    const [first, second] = await receiver.waitFor(2);
    expect(second?.update.update_id).toBe(first?.update.update_id);
    const info = await env.api.getWebhookInfo();
    expect(info.last_error_message).toBe(
      "Wrong response from the webhook: 500 Internal Server Error",
    );
    expect(info.last_error_date).toBe(Math.floor(Date.now() / 1000));
    await expect.poll(pending).toBe(0);
    // A third delivery of "one" would come before "two": the chat's order holds across retries.
    await say(ada, "two");
    await receiver.waitFor(3);
    expect(receiver.texts()).toEqual(["one", "one", "two"]);
  });

  it("backs off 2, 4 … base delays after the immediate retry, up to the cap", async () => {
    let calls = 0;
    receiver.answer = (_delivery, res) => {
      if (++calls <= 4) answerWith(res, 502);
    };
    await env.api.setWebhook(receiver.url);
    await say(ada, "flaky");
    const got = await receiver.waitFor(5);
    const gaps = got.slice(1).map((delivery, i) => delivery.at - (got[i]?.at ?? 0));
    // Base 20 ms: at once, 40, 80, then min(cap of 100–200, 160).
    expect(gaps[1]).toBeGreaterThanOrEqual(35);
    expect(gaps[2]).toBeGreaterThanOrEqual(75);
    expect(gaps[3]).toBeGreaterThanOrEqual(95);
    expect((await env.api.getWebhookInfo()).last_error_message).toBe(
      "Wrong response from the webhook: 502 Bad Gateway",
    );
    await expect.poll(pending).toBe(0);
  });

  it("honours Retry-After", async () => {
    let calls = 0;
    receiver.answer = (_delivery, res) => {
      if (++calls === 1) answerWith(res, 429, { "retry-after": "1" });
    };
    await env.api.setWebhook(receiver.url);
    await say(ada, "wait for it");
    const [first, second] = await receiver.waitFor(2, 5000);
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(990);
    expect((await env.api.getWebhookInfo()).last_error_message).toBe(
      "Wrong response from the webhook: 429 Too Many Requests",
    );
  });

  it("says Read timeout expired when no answer comes in time, and retries", async () => {
    receiver.answer = neverAnswer;
    await env.api.setWebhook(receiver.url);
    await say(ada, "slow");
    await receiver.waitFor(2);
    expect((await env.api.getWebhookInfo()).last_error_message).toBe("Read timeout expired");
    expect(await pending()).toBe(1);
  });

  it("says Connection refused when nothing listens", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    await env.api.setWebhook(`http://127.0.0.1:${port}/hook`);
    await say(ada, "anyone?");
    await expect
      .poll(async () => (await env.api.getWebhookInfo()).last_error_message)
      .toBe("Connection refused");
    expect(await pending()).toBe(1);
  });
});

describe("webhook reply", () => {
  it("runs the method in a 2xx answer as the bot, logged, and ignores get* methods", async () => {
    receiver.answer = (delivery, res) => {
      const text = delivery.update.message?.text;
      if (text === "who") return replyWith(res, { method: "getMe" });
      replyWith(res, { method: "sendMessage", chat_id: ada.id, text: `echo: ${text}` });
    };
    await env.api.setWebhook(receiver.url);
    await say(ada, "who", "ping");
    const [sent] = await env.client.waitForBotMessages({ chat_id: ada.id, count: 1 });
    expect(sent?.text).toBe("echo: ping");
    const calls = await env.client.calls({ method: "sendMessage" });
    expect(calls).toMatchObject([
      { method: "sendMessage", ok: true, webhook_reply: true, params: { text: "echo: ping" } },
    ]);
    expect(calls[0]?.params).not.toHaveProperty("method");
    expect(await env.client.calls({ method: "getMe" })).toEqual([]);
  });

  it("keeps a failing reply's error to itself", async () => {
    receiver.answer = (_delivery, res) => replyWith(res, { method: "sendMessage", chat_id: 1 });
    await env.api.setWebhook(receiver.url);
    await say(ada, "x");
    await expect
      .poll(async () => (await env.client.calls({ method: "sendMessage" })).length)
      .toBe(1);
    const [call] = await env.client.calls({ method: "sendMessage" });
    expect(call).toMatchObject({ ok: false, error_code: 400, webhook_reply: true });
    expect(await pending()).toBe(0);
  });
});

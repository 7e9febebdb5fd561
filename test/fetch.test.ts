// The Fetch door (Request -> Response, Node's own classes) over the webhook core, against the local
// Bot API and the Papago stand-in: a delivery is answered and translated; a wrong secret and bodies
// over 1 MiB are refused without reading (or without finishing reading) the body.
import { randomBytes } from "node:crypto";
import { Writable } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { HANDLED_UPDATE_TYPES } from "../src/bot/index.js";
import { botInfoFromConfig } from "../src/bot/identity.js";
import { loadConfig } from "../src/config.js";
import { createLogger } from "../src/log.js";
import { createFetchHandler } from "../src/runtime/fetch.js";
import { createWebhookCore, MAX_BODY_BYTES } from "../src/runtime/webhook-core.js";
import { messageUpdate } from "./support/lambda-events.js";
import { PAPAGO_SECRET, useWorld } from "./support/world.js";

const env = useWorld();
const SECRET = `fetch-secret_${randomBytes(8).toString("hex")}`;
const URL = "https://bot.example.com/telegram";
let handle: (request: Request) => Promise<Response>;

beforeAll(async () => {
  const config = loadConfig({
    ...env.world.env({ STORE_URL: "memory:", WEBHOOK_SECRET: SECRET }),
    TELEGRAM_BOT_USERNAME: "babelgram_test_bot",
  });
  const logger = createLogger({
    level: "warn",
    secrets: [env.world.token, PAPAGO_SECRET, SECRET],
    destination: new Writable({ write: (_chunk, _encoding, done) => done() }),
  });
  const botInfo = botInfoFromConfig({ token: env.world.token, botUsername: "babelgram_test_bot" });
  const app = await createApp({ config, logger, ...(botInfo ? { botInfo } : {}) });
  const core = createWebhookCore({
    bot: app.bot,
    logger,
    secret: SECRET,
    handledTypes: HANDLED_UPDATE_TYPES,
  });
  handle = createFetchHandler(core);
});

/** A body that counts how much of it was read, in chunks of chunkBytes. */
function countedBody(chunks: number, chunkBytes: number) {
  const counter = { pulled: 0 };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (counter.pulled === chunks) return controller.close();
      counter.pulled++;
      controller.enqueue(new Uint8Array(chunkBytes).fill(0x20));
    },
  });
  return { stream, counter };
}

function post(body: BodyInit | null, headers: Record<string, string>): Request {
  return new Request(URL, { method: "POST", body, headers, duplex: "half" } as RequestInit);
}

describe("the Fetch handler", () => {
  it("answers a delivery with the right secret: 200, and the translation arrives", async () => {
    const user = await env.world.client.createUser({ first_name: "Minsu", language_code: "ko" });
    const text = "안녕하세요, 반갑습니다";
    const sent = await env.world.client.sendMessage({ chat_id: user.id, from_id: user.id, text });
    const update = messageUpdate({ updateId: 5, messageId: sent.message_id, user, text });
    const response = await handle(
      post(JSON.stringify(update), {
        "content-type": "application/json",
        "X-Telegram-Bot-Api-Secret-Token": SECRET,
      }),
    );
    expect(response.status).toBe(200);
    const [reply] = await env.world.client.waitForBotMessages({ chat_id: user.id, count: 1 });
    expect(reply?.text).toBe(`en:${text}`);
    expect(await env.world.client.calls({ method: "getMe" })).toEqual([]);
  });

  it("refuses a wrong or missing secret with 401 before reading the body", async () => {
    const headerSets: Record<string, string>[] = [
      { "x-telegram-bot-api-secret-token": "wrong" },
      {},
    ];
    for (const headers of headerSets) {
      const { stream, counter } = countedBody(4, 1024);
      const response = await handle(post(stream, headers));
      expect(response.status).toBe(401);
      expect(counter.pulled).toBeLessThanOrEqual(1); // a stream may pre-fill one chunk when built
    }
  });

  it("answers 413 to a Content-Length over 1 MiB without reading the body", async () => {
    const { stream, counter } = countedBody(4, 1024);
    const response = await handle(
      post(stream, {
        "x-telegram-bot-api-secret-token": SECRET,
        "content-length": String(MAX_BODY_BYTES + 1),
      }),
    );
    expect(response.status).toBe(413);
    expect(counter.pulled).toBeLessThanOrEqual(1);
  });

  it("answers 413 to a chunked body that grows over 1 MiB, and stops reading it", async () => {
    const chunks = 40; // 40 × 64 KiB = 2.5 MiB
    const { stream, counter } = countedBody(chunks, 64 * 1024);
    const response = await handle(post(stream, { "x-telegram-bot-api-secret-token": SECRET }));
    expect(response.status).toBe(413);
    expect(counter.pulled).toBeLessThan(chunks);
    expect(counter.pulled * 64 * 1024).toBeGreaterThan(MAX_BODY_BYTES);
  });

  it("answers 405 to other methods", async () => {
    const response = await handle(new Request(URL, { method: "GET" }));
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
  });
});

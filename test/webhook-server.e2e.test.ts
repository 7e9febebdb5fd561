// `babelgram serve` end to end: the local Bot API delivers updates by webhook (with a secret) to the
// Node server, which translates through the Papago stand-in and replies.
import { join } from "node:path";
import { Api } from "grammy";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { HANDLED_UPDATE_TYPES } from "../src/bot/index.js";
import { loadConfig } from "../src/config.js";
import { createLogger } from "../src/log.js";
import { runCli, spawnCli } from "./support/cli.js";
import { NODES } from "./support/nodes.js";
import { usePostgres } from "./support/postgres.js";
import { serveInProcess } from "./support/serve-in-process.js";
import { startWorld, type World } from "./support/world.js";

const SECRET = "e2e_webhook-secret_0123456789";
// Preloaded into the CLI: says, as the process exits, whether it ever loaded undici (the web
// fetch, Headers and WebSocket of Node).
const UNDICI_PROBE = `data:text/javascript,${encodeURIComponent(
  'import { writeSync } from "node:fs"; process.on("exit", () => writeSync(2, ' +
    '"undici loaded: " + process.moduleLoadList.some((name) => name.includes("undici")) + "\\n"));',
)}`;
const postgres = await usePostgres("Two webhook servers on PostgreSQL");
let world: World;
let api: Api;

beforeAll(async () => {
  world = await startWorld({ emulator: { webhookRetryBaseMs: 50, webhookRetryCapMs: 200 } });
  api = new Api(world.token, { apiRoot: world.emulator.url });
});
beforeEach(async () => {
  await world.client.reset();
  world.papago.reset();
});
afterAll(async () => {
  await world.close();
});

/**
 * Runs serve() in this process on a free port and (unless told not to) points the emulator's webhook
 * at it.
 */
async function startServer(extra: Record<string, string> = {}, options = { setWebhook: true }) {
  const config = loadConfig(
    world.env({
      WEBHOOK_SECRET: SECRET,
      HOST: "127.0.0.1",
      PORT: "0",
      LOG_LEVEL: "silent",
      ...extra,
    }),
  );
  const server = await serveInProcess(config, createLogger({ level: "silent", secrets: [] }));
  if (options.setWebhook) {
    await api.setWebhook(`${server.url}/telegram`, {
      secret_token: SECRET,
      allowed_updates: [...HANDLED_UPDATE_TYPES],
    });
  }
  return server;
}

/** A new user in a private chat with the bot, and the message they send it. */
async function userSays(who: { first_name: string; language_code?: string }, text: string) {
  const user = await world.client.createUser(who);
  const message = await world.client.sendMessage({ chat_id: user.id, from_id: user.id, text });
  return { user, message };
}

let server: Awaited<ReturnType<typeof startServer>> | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

describe("babelgram serve", () => {
  it("translates messages delivered by webhook and replies in the user's chat", async () => {
    server = await startServer();
    const { user, message } = await userSays(
      { first_name: "Minji", language_code: "ko" },
      "안녕하세요, 오늘 날씨가 정말 좋네요",
    );
    const [reply] = await world.client.waitForBotMessages({ chat_id: user.id, count: 1 });
    expect(reply?.text).toBe("en:안녕하세요, 오늘 날씨가 정말 좋네요");
    expect(reply?.reply_to_message?.message_id).toBe(message.message_id);
    // The update is answered once the reply is sent and linked to the message (for its edits).
    await expect
      .poll(async () => (await api.getWebhookInfo()).pending_update_count, { timeout: 10_000 })
      .toBe(0);
    expect((await api.getWebhookInfo()).last_error_message).toBeUndefined();
  });

  it("answers a slow update with a 5xx, is re-delivered, and replies exactly once", async () => {
    server = await startServer({ WEBHOOK_BUDGET_MS: "200" });
    world.papago.hold();
    const { user } = await userSays(
      { first_name: "Jun", language_code: "ko" },
      "천천히 번역해 주세요",
    );
    // Telegram saw the 5xx and keeps the update queued for another try.
    await expect
      .poll(async () => (await api.getWebhookInfo()).last_error_message, { timeout: 10_000 })
      .toMatch(/503/);
    world.papago.release();
    await expect
      .poll(async () => (await api.getWebhookInfo()).pending_update_count, { timeout: 10_000 })
      .toBe(0);
    const replies = await world.client.sent({ chat_id: user.id });
    expect(replies.map((m) => m.text)).toEqual(["en:천천히 번역해 주세요"]);
    expect(world.papago.requests).toHaveLength(1);
  });

  it("refuses deliveries with a wrong secret, and serves /healthz, /metrics and 404", async () => {
    server = await startServer();
    const update = {
      update_id: 5,
      message: { message_id: 1, date: 0, chat: { id: 1, type: "private" }, text: "hi" },
    };
    const wrong = await fetch(`${server.url}/telegram`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": "nope" },
      body: JSON.stringify(update),
    });
    expect(wrong.status).toBe(401);
    const big = await fetch(`${server.url}/telegram`, {
      method: "POST",
      headers: { "x-telegram-bot-api-secret-token": SECRET },
      body: "x".repeat(1024 * 1024 + 1),
    });
    expect(big.status).toBe(413);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${server.url}/elsewhere`)).status).toBe(404);
    expect((await fetch(`${server.url}/telegram`)).status).toBe(405);

    const { user } = await userSays({ first_name: "Ana" }, "Good morning everyone");
    await world.client.waitForBotMessages({ chat_id: user.id, count: 1 });
    // The reply is out a moment before its delivery is answered (and counted): the update is
    // recorded as done in the store first.
    let metrics = "";
    for (let tries = 0; tries < 100 && !/result="handled"\} 1/.test(metrics); tries++) {
      if (tries > 0) await new Promise((resolve) => setTimeout(resolve, 10));
      metrics = await (await fetch(`${server.url}/metrics`)).text();
    }
    expect(metrics).toMatch(/babelgram_updates_total\{result="handled"\} 1/);
    expect(metrics).toMatch(/babelgram_updates_total\{result="rejected"\} 3/);
    expect(metrics).toMatch(/babelgram_translator_calls_total\{provider="papago",outcome="ok"\} 1/);
    expect(metrics).toMatch(
      new RegExp(
        `babelgram_translator_characters_total\\{provider="papago"\\} ${"Good morning everyone".length}`,
      ),
    );
    expect(metrics).toMatch(/babelgram_webhook_duration_seconds_count 4/);
    expect(metrics).not.toContain(SECRET);
    expect(metrics).not.toContain(world.token);
  });
});

describe("babelgram serve as a process", () => {
  it("refuses to start without WEBHOOK_SECRET, naming it and saying how to make one", async () => {
    const { code, output } = await runCli(["serve"], {
      env: world.env({ PORT: "0" }),
      cwd: world.dir,
    });
    expect(code).toBe(1);
    expect(output.trim().split("\n")).toHaveLength(1);
    expect(output).toContain("WEBHOOK_SECRET: is not set");
    expect(output).toContain("openssl rand");
  });

  it("finishes the update in flight when stopped with SIGTERM, then exits 0", async () => {
    const running = spawnCli(["serve", "--host", "127.0.0.1", "--port", "0"], {
      env: world.env({ WEBHOOK_SECRET: SECRET, LOG_LEVEL: "info" }),
      cwd: world.dir,
    });
    await expect.poll(() => running.output(), { timeout: 10_000 }).toMatch(/serving webhooks at/);
    const url = /at (http:\/\/[^ ]+\/telegram)/.exec(running.output())?.[1];
    expect(url).toBeDefined();
    await api.setWebhook(url ?? "", { secret_token: SECRET });
    world.papago.hold();
    const { user } = await userSays(
      { first_name: "Sora", language_code: "ko" },
      "끝까지 번역해 주세요",
    );
    await world.papago.waitForRequests(1);
    running.child.kill("SIGTERM");
    // Only once the server is shutting down may the translation finish.
    await expect.poll(() => running.output(), { timeout: 10_000 }).toMatch(/stopping/);
    world.papago.release();
    expect((await running.exited).code).toBe(0);
    const replies = await world.client.sent({ chat_id: user.id });
    expect(replies.map((m) => m.text)).toEqual(["en:끝까지 번역해 주세요"]);
    expect(running.output()).not.toContain(world.token.split(":")[1]);
    expect(running.output()).not.toContain(SECRET);
  });

  // babelgram makes its own HTTP calls; on Node 22+ an ES import of node:http alone would load
  // undici, about 12 MB of RSS in every process (src/node-http.ts).
  it.each(NODES)(
    "answers an update with SQLite, never loading undici (on $name)",
    async ({ node }) => {
      const running = spawnCli(["serve", "--host", "127.0.0.1", "--port", "0"], {
        env: world.env({
          WEBHOOK_SECRET: SECRET,
          LOG_LEVEL: "info",
          STORE_URL: `sqlite:${join(world.dir, `undici-${Date.now()}.db`)}`,
        }),
        cwd: world.dir,
        node,
        nodeArgs: ["--import", UNDICI_PROBE],
      });
      await expect.poll(() => running.output(), { timeout: 10_000 }).toMatch(/serving webhooks at/);
      const url = /at (http:\/\/[^ ]+\/telegram)/.exec(running.output())?.[1] ?? "";
      await api.setWebhook(url, { secret_token: SECRET });
      const { user } = await userSays(
        { first_name: "Ines", language_code: "ko" },
        "오늘 날씨가 좋네요",
      );
      const [reply] = await world.client.waitForBotMessages({ chat_id: user.id, count: 1 });
      expect(reply?.text).toBe("en:오늘 날씨가 좋네요");
      running.child.kill("SIGTERM");
      expect((await running.exited).code).toBe(0);
      expect(running.output()).toContain("undici loaded: false");
    },
  );
});

describe.skipIf(postgres.skipReason !== undefined)("two servers sharing PostgreSQL", () => {
  it("answer each update once when both receive every update", async () => {
    const env = { STORE_URL: postgres.url() };
    const servers = [
      await startServer(env, { setWebhook: false }),
      await startServer(env, { setWebhook: false }),
    ];
    try {
      expect(servers[0]?.url).not.toBe(servers[1]?.url);
      const users = await Promise.all(
        [0, 1, 2, 3].map((i) => world.client.createUser({ first_name: `User ${i}` })),
      );
      const updates = Array.from({ length: 20 }, (_, i) => {
        const user = users[i % users.length] ?? users[0];
        return {
          update_id: 9000 + i,
          message: {
            message_id: 100 + i,
            date: Math.floor(Date.now() / 1000),
            chat: { id: user?.id, type: "private" },
            from: user,
            text: `Message number ${i} for the translator`,
          },
        };
      });
      // Like Telegram, each delivery is retried until it is answered 200 (one chat's five replies
      // are paced under Telegram's limits: the last leaves about 2 s after the first).
      const deliver = async (url: string, update: unknown) => {
        for (let attempt = 0; attempt < 500; attempt++) {
          const response = await fetch(`${url}/telegram`, {
            method: "POST",
            headers: { "x-telegram-bot-api-secret-token": SECRET },
            body: JSON.stringify(update),
          });
          if (response.status === 200) return;
          expect(response.status).toBe(503);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        throw new Error("never answered 200");
      };
      await Promise.all(
        servers.flatMap((server) => updates.map((update) => deliver(server.url, update))),
      );
      const sent = (
        await Promise.all(users.map((user) => world.client.sent({ chat_id: user.id })))
      ).flat();
      // The messages exist only in these deliveries, so the replies are matched by their text.
      const answered = sent.map((message) => message.text).sort();
      expect(answered).toEqual(updates.map((update) => `ko:${update.message.text}`).sort());
    } finally {
      await Promise.all(servers.map((server) => server.stop()));
    }
  });
});

// Faults upstream, end to end. Telegram answering 502 to getUpdates for a while: polling backs off,
// recovers on its own, and every message sent meanwhile is answered once. PostgreSQL going away in
// the middle of webhook traffic (connections dropped mid-query, new ones refused) and coming back:
// no update is acknowledged that was not handled, every message is answered once, and the server
// never stops.
import { Api } from "grammy";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { HANDLED_UPDATE_TYPES } from "../src/bot/index.js";
import { loadConfig } from "../src/config.js";
import { createLogger } from "../src/log.js";
import { usePostgres } from "./support/postgres.js";
import { serveInProcess, type ServingInProcess } from "./support/serve-in-process.js";
import { startTcpProxy } from "./support/tcp-proxy.js";
import { startBot, startWorld, type World } from "./support/world.js";

const SECRET = "upstream_faults_secret";
// The outages are shorter than the 30 s and 20 s; what they exercise is the same: polling
// fails far more times than its backoff needs to reach its cap (capped at 200 ms here, 30 s by
// default), and PostgreSQL is away long enough for deliveries to be refused, re-delivered and
// refused again, for updates in hand to fail past their attempt limit, and for the pool to lose
// every connection.
const TELEGRAM_OUTAGE_MS = 5000;
const POSTGRES_OUTAGE_MS = 8000;

const postgres = await usePostgres("PostgreSQL outage test");
let world: World;
const strays: unknown[] = [];
const onStray = (error: unknown) => strays.push(error);

beforeAll(async () => {
  world = await startWorld({ emulator: { webhookRetryBaseMs: 50, webhookRetryCapMs: 200 } });
  process.on("unhandledRejection", onStray).on("uncaughtException", onStray);
});
beforeEach(async () => {
  await world.client.reset();
  world.papago.reset();
});
afterAll(async () => {
  process.off("unhandledRejection", onStray).off("uncaughtException", onStray);
  await world.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function users(count: number) {
  return Promise.all(
    Array.from({ length: count }, (_, index) =>
      world.client.createUser({ first_name: `User ${index}`, language_code: "en" }),
    ),
  );
}

/** Each chat's replies, which must be exactly the translations of what was sent there. */
async function expectEachAnsweredOnce(sent: Map<number, string[]>) {
  for (const [chatId, texts] of sent) {
    const replies = (await world.client.sent({ chat_id: chatId })).map((message) => message.text);
    expect(replies.sort()).toEqual(texts.map((text) => `ko:${text}`).sort());
  }
}

describe("Telegram answering 502 to getUpdates", () => {
  it("backs off, recovers on its own, and answers every message sent meanwhile once", async () => {
    const bot = startBot(world);
    try {
      const people = await users(3);
      const sent = new Map<number, string[]>(people.map((user) => [user.id, []]));
      const say = async (chatId: number, text: string) => {
        await world.client.sendMessage({ chat_id: chatId, from_id: chatId, text });
        sent.get(chatId)?.push(text);
      };
      // The bot is polling: a first message is answered normally.
      const first = people[0]?.id ?? 0;
      await say(first, "Before the outage");
      await world.client.waitForBotMessages({ chat_id: first, count: 1 });

      await world.client.injectFault({
        method: "getUpdates",
        duration_ms: TELEGRAM_OUTAGE_MS,
        error_code: 502,
        description: "Bad Gateway",
      });
      // The long poll in progress ends with this message; the next ones fail.
      await say(first, "Just as the outage starts");
      const failed = async () =>
        (await world.client.calls({ method: "getUpdates" })).filter((call) => !call.ok).length;
      await expect.poll(failed, { timeout: 10_000 }).toBeGreaterThan(0);
      for (let round = 0; round < 3; round++) {
        for (const user of people) await say(user.id, `Message ${round} from ${user.first_name}`);
        await sleep(TELEGRAM_OUTAGE_MS / 4);
      }

      const total = [...sent.values()].reduce((sum, texts) => sum + texts.length, 0);
      await expect
        .poll(async () => (await world.client.sent()).length, { timeout: 30_000, interval: 100 })
        .toBe(total);
      await expectEachAnsweredOnce(sent);
      // Polling failed many times, backed off, and said when it worked again, without a restart.
      expect(await failed()).toBeGreaterThan(5);
      const logs = bot.logs.join("");
      expect(logs).toContain("getUpdates failed; retrying");
      expect(logs.match(/getUpdates works again/g)).toHaveLength(1);
      expect(logs).not.toContain("polling stopped");
    } finally {
      await bot.stop();
    }
    expect(strays).toEqual([]);
  });
});

describe.skipIf(postgres.skipReason !== undefined)("PostgreSQL going away mid-traffic", () => {
  it("acknowledges nothing it did not handle, and answers every message once when it is back", async () => {
    const proxy = await startTcpProxy({ host: "127.0.0.1", port: 5432 });
    const lines: string[] = [];
    const api = new Api(world.token, { apiRoot: world.emulator.url });
    let serving: ServingInProcess | undefined;
    try {
      const storeUrl = new URL(postgres.url());
      storeUrl.port = String(proxy.port);
      const config = loadConfig(
        world.env({
          STORE_URL: storeUrl.toString(),
          WEBHOOK_SECRET: SECRET,
          // Deliveries still running after a second are answered 503, so Telegram sends them again.
          WEBHOOK_BUDGET_MS: "1000",
          HOST: "127.0.0.1",
          PORT: "0",
        }),
      );
      const logger = createLogger({
        level: "debug",
        secrets: [world.token, SECRET],
        destination: {
          write(line: string) {
            lines.push(line);
          },
        },
      });
      serving = await serveInProcess(config, logger);
      await api.setWebhook(`${serving.url}/telegram`, {
        secret_token: SECRET,
        allowed_updates: [...HANDLED_UPDATE_TYPES],
      });

      const people = await users(8);
      const sent = new Map<number, string[]>(people.map((user) => [user.id, []]));
      // Each person writes about once a second (the bot paces its replies per chat to that).
      let talking = true;
      const talk = people.map(async (user, index) => {
        await sleep(index * 120);
        for (let n = 0; talking; n++) {
          const text = `Message ${n} from person ${index}`;
          await world.client.sendMessage({ chat_id: user.id, from_id: user.id, text });
          sent.get(user.id)?.push(text);
          await sleep(1000);
        }
      });

      await sleep(1500);
      const cutInFlight = await proxy.cut();
      await sleep(POSTGRES_OUTAGE_MS);
      await proxy.restore();
      await sleep(1500);
      talking = false;
      await Promise.all(talk);

      const total = [...sent.values()].reduce((sum, texts) => sum + texts.length, 0);
      await expect
        .poll(async () => (await world.client.sent()).length, { timeout: 40_000, interval: 200 })
        .toBe(total);
      await expect
        .poll(async () => (await api.getWebhookInfo()).pending_update_count, { timeout: 10_000 })
        .toBe(0);
      await expectEachAnsweredOnce(sent);

      // The outage was real: queries were cut in flight, deliveries refused for Telegram to retry,
      // and updates in hand retried past their attempt limit without being given up on.
      expect(cutInFlight).toBeGreaterThan(0);
      const log = lines.join("");
      expect(log).toContain("cannot take the update now; Telegram will retry");
      expect(log).not.toContain("giving up");
      expect(strays).toEqual([]);
    } finally {
      await serving?.stop().catch(() => undefined);
      await proxy.close();
    }
  }, 55_000);
});

// Exactly-once effect over at-least-once delivery, across instances: two webhook servers' cores
// share one store (a SQLite file, or PostgreSQL) and receive the same update; the user gets one reply.
import { join } from "node:path";
import type { Update } from "grammy/types";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createBot, HANDLED_UPDATE_TYPES } from "../src/bot/index.js";
import { createLogger } from "../src/log.js";
import { createWebhookCore, type WebhookCore } from "../src/runtime/webhook-core.js";
import { claimsFromStore } from "../src/store/claims.js";
import { openStore } from "../src/store/index.js";
import type { Store } from "../src/store/types.js";
import { createPapagoTranslator } from "../src/translate/papago.js";
import { privateTextUpdate } from "../src/emulator/test-emulator.js";
import { useDynalite } from "./support/dynamodb-local.js";
import { usePostgres } from "./support/postgres.js";
import { PAPAGO_ID, PAPAGO_SECRET, startWorld, type World } from "./support/world.js";

const SECRET = "exactly_once_secret";
const postgres = await usePostgres("PostgreSQL exactly-once tests");
await useDynalite();
let world: World;
beforeAll(async () => {
  world = await startWorld();
});
beforeEach(async () => {
  await world.client.reset();
  world.papago.reset();
});
afterAll(async () => {
  await world.close();
});

/**
 * One server instance: its own bot and store connection, sharing the database with the others (or,
 * for the memory backend, given the same store object).
 */
async function instance(storeUrl: string | Store, now?: () => number) {
  const logger = createLogger({ level: "silent", secrets: [] });
  const store =
    typeof storeUrl === "string"
      ? await openStore(storeUrl, now === undefined ? {} : { now })
      : storeUrl;
  const bot = createBot({
    token: world.token,
    apiRoot: world.emulator.url,
    translator: createPapagoTranslator({
      clientId: PAPAGO_ID,
      clientSecret: PAPAGO_SECRET,
      apiUrl: world.papago.url,
    }),
    store,
    logger,
    languages: { home: "ko", foreign: "en" },
  });
  const core = createWebhookCore({
    bot,
    logger,
    secret: SECRET,
    handledTypes: HANDLED_UPDATE_TYPES,
    claims: claimsFromStore(store),
    leaseMs: 30_000,
  });
  return { core, store };
}

let nextId = 5000;
async function koreanUpdate(text: string): Promise<Update> {
  const user = await world.client.createUser({ first_name: "Minji", language_code: "ko" });
  return privateTextUpdate(user, text, nextId++);
}

const deliver = (core: WebhookCore, update: Update) =>
  core.handle({
    method: "POST",
    headers: { "x-telegram-bot-api-secret-token": SECRET },
    body: JSON.stringify(update),
  });

async function replies(update: Update) {
  const chatId = update.message?.chat.id ?? 0;
  return (await world.client.sent({ chat_id: chatId })).map((message) => message.text);
}

const backends = [
  { name: "SQLite file", url: () => `sqlite:${join(world.dir, "shared.db")}`, skip: undefined },
  { name: "PostgreSQL", url: () => postgres.url(), skip: postgres.skipReason },
];

describe.each([
  { name: "memory", url: "memory:" },
  { name: "SQLite", url: "sqlite:" },
  { name: "PostgreSQL", url: "postgres:" },
  { name: "DynamoDB", url: "dynamodb:" },
])("the same update delivered 3 times ($name)", ({ url: scheme }) => {
  const skip = scheme === "postgres:" ? postgres.skipReason : undefined;
  let urlCount = 0;
  /** Three instances over one fresh database of this backend. */
  async function three() {
    const name = `dedupe${urlCount++}`;
    if (scheme === "memory:") {
      const shared = await openStore("memory:");
      return Promise.all([0, 1, 2].map(() => instance(shared)));
    }
    const url =
      scheme === "sqlite:"
        ? `sqlite:${join(world.dir, `${name}.db`)}`
        : scheme === "postgres:"
          ? postgres.url(`${postgres.schema}_${name}`)
          : `dynamodb:babelgram-${name}?region=us-east-1`;
    const first = await instance(url);
    if (scheme === "dynamodb:") await first.store.migrate();
    return [first, await instance(url), await instance(url)];
  }

  it.skipIf(skip !== undefined)("in a row, to three instances: one reply", async () => {
    const instances = await three();
    const update = await koreanUpdate("세 번 연달아 배달된 메시지");
    for (const { core } of instances) expect((await deliver(core, update)).status).toBe(200);
    expect(await replies(update)).toEqual(["en:세 번 연달아 배달된 메시지"]);
    await Promise.all(instances.map(({ store }) => store.close()));
  });

  it.skipIf(skip !== undefined)("at once, to three instances: one reply", async () => {
    const instances = await three();
    const update = await koreanUpdate("세 번 동시에 배달된 메시지");
    const answers = await Promise.all(instances.map(({ core }) => deliver(core, update)));
    // Whoever lost the race asked Telegram to come back; the retry is acknowledged.
    for (const [index, answer] of answers.entries()) {
      if (answer.status === 503) {
        const { core } = instances[index] ?? {};
        if (core !== undefined) expect((await deliver(core, update)).status).toBe(200);
      }
    }
    expect(answers.filter((answer) => answer.status === 200).length).toBeGreaterThanOrEqual(1);
    expect(await replies(update)).toEqual(["en:세 번 동시에 배달된 메시지"]);
    expect(world.papago.requests).toHaveLength(1);
    await Promise.all(instances.map(({ store }) => store.close()));
  });
});

describe.each(backends)("two instances on one store ($name)", ({ url, skip }) => {
  const stores: Store[] = [];
  afterAll(async () => {
    await Promise.all(stores.map((store) => store.close()));
  });

  it.skipIf(skip !== undefined)(
    "answer the same update, delivered to both at once, once",
    async () => {
      const a = await instance(url());
      const b = await instance(url());
      stores.push(a.store, b.store);
      const update = await koreanUpdate("동시에 두 번 배달된 메시지");
      // Both receive it while the first to claim is still translating.
      world.papago.hold();
      const answers = Promise.all([deliver(a.core, update), deliver(b.core, update)]);
      await world.papago.waitForRequests(1);
      world.papago.release();
      const statuses = (await answers).map((answer) => answer.status).sort();
      // One handled it (200); the other found it claimed and asked Telegram to come back (503).
      expect(statuses).toEqual([200, 503]);
      // Telegram's retry of the 503 is acknowledged without a second reply, on either instance.
      expect((await deliver(a.core, update)).status).toBe(200);
      expect((await deliver(b.core, update)).status).toBe(200);
      expect(await replies(update)).toEqual(["en:동시에 두 번 배달된 메시지"]);
      expect(world.papago.requests).toHaveLength(1);
    },
  );

  it.skipIf(skip !== undefined)(
    "take over an update whose worker died, once its lease ran out",
    async () => {
      let clock = Date.now();
      const now = () => clock;
      const dead = await instance(url(), now);
      const alive = await instance(url(), now);
      stores.push(dead.store, alive.store);
      const update = await koreanUpdate("죽은 워커가 잡고 있던 메시지");
      // The first worker claimed the update and died before answering.
      expect(await dead.store.claimUpdate(update.update_id, { leaseMs: 30_000 })).toBe("claimed");
      expect((await deliver(alive.core, update)).status).toBe(503);
      expect(await replies(update)).toEqual([]);
      clock += 31_000;
      expect((await deliver(alive.core, update)).status).toBe(200);
      expect(await replies(update)).toEqual(["en:죽은 워커가 잡고 있던 메시지"]);
    },
  );
});

// The TRANSLATOR chain end to end: the bot on long polling against the local Bot API, with the
// Papago, DeepL and Google stand-ins as providers. Fallback and the circuit breaker (its clock moved
// by hand), the translation cache across a restart on every store backend, daily quotas, /stats.
import { Writable } from "node:stream";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createBot } from "../src/bot/index.js";
import type { TranslationSettings } from "../src/bot/translate-message.js";
import { loadConfig, type Env } from "../src/config.js";
import { createLogger } from "../src/log.js";
import { runPolling } from "../src/runtime/polling.js";
import { openStore, type Store } from "../src/store/index.js";
import { createTranslator, type Translator } from "../src/translate/index.js";
import { startDeepLStandIn, type DeepLStandIn } from "./stand-ins/deepl.js";
import { startGoogleStandIn, type GoogleStandIn } from "./stand-ins/google.js";
import { useDynalite } from "./support/dynamodb-local.js";
import { usePostgres } from "./support/postgres.js";
import { PAPAGO_ID, PAPAGO_SECRET, startWorld, type World } from "./support/world.js";

const DEEPL_KEY = "stand-in-deepl-key:fx";
const GOOGLE_KEY = "stand-in-google-key";

let world: World;
let deepl: DeepLStandIn;
let google: GoogleStandIn;
const running: { stop(): Promise<void> }[] = [];
const stores: Store[] = [];

const postgres = await usePostgres("translation cache end-to-end tests");
await useDynalite();

beforeAll(async () => {
  world = await startWorld();
  deepl = await startDeepLStandIn({ authKey: DEEPL_KEY });
  google = await startGoogleStandIn({ apiKey: GOOGLE_KEY });
});
afterEach(async () => {
  for (const bot of running.splice(0)) await bot.stop();
  for (const store of stores.splice(0)) await store.close();
  await world.client.reset();
  world.papago.reset();
  deepl.reset();
  google.reset();
});
afterAll(async () => {
  await world.close();
  await deepl.close();
  await google.close();
});

/** The providers' settings as an operator writes them, pointing at the stand-ins. */
function env(extra: Env = {}): Env {
  return {
    PAPAGO_CLIENT_ID: PAPAGO_ID,
    PAPAGO_CLIENT_SECRET: PAPAGO_SECRET,
    PAPAGO_API_URL: world.papago.url,
    DEEPL_API_KEY: DEEPL_KEY,
    DEEPL_API_URL: deepl.url,
    GOOGLE_TRANSLATE_API_KEY: GOOGLE_KEY,
    GOOGLE_TRANSLATE_API_URL: google.url,
    TRANSLATOR_TIMEOUT_MS: "2000",
    ...extra,
  };
}

function clock(start = Date.now()) {
  let time = start;
  return { now: () => time, advance: (ms: number) => void (time += ms) };
}

/** A logger whose lines are kept, scrubbed of the bot's token. */
function testLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, logger: createLogger({ level: "debug", secrets: [world.token], destination }) };
}

/** The bot polling in this process with the given translator and store, until stopped. */
function startBot(options: {
  store: Store;
  translator: Translator;
  translation?: TranslationSettings;
  log?: ReturnType<typeof testLogger>;
}) {
  const { lines, logger } = options.log ?? testLogger();
  const bot = createBot({
    token: world.token,
    apiRoot: world.emulator.url,
    translator: options.translator,
    store: options.store,
    logger,
    languages: { home: "ko", foreign: "en" },
    ...(options.translation === undefined ? {} : { translation: options.translation }),
  });
  const controller = new AbortController();
  const polling = runPolling({
    bot,
    logger,
    signal: controller.signal,
    timeoutSeconds: 5,
    backoff: { baseMs: 50, capMs: 200 },
    handling: { backoff: { baseMs: 50, capMs: 200 } },
  });
  const handle = {
    logs: lines,
    async stop() {
      controller.abort();
      await polling;
    },
  };
  running.push(handle);
  return handle;
}

async function memoryStore(): Promise<Store> {
  const store = await openStore("memory:");
  stores.push(store);
  return store;
}

/** Sends a message and waits for the chat's bot messages to reach `total`; returns the last. */
async function exchange(user: { id: number }, text: string, total: number) {
  await world.client.sendMessage({ chat_id: user.id, from_id: user.id, text });
  const replies = await world.client.waitForBotMessages({ chat_id: user.id, count: total });
  return replies[total - 1]?.text;
}

describe("fallback across providers", () => {
  it("goes on to DeepL and Google while Papago is down, skips Papago while its breaker is open, then tries it again", async () => {
    const time = clock();
    const store = await memoryStore();
    const config = loadConfig(env({ TRANSLATOR: "papago,deepl,google" }));
    const log = testLogger();
    const translator = createTranslator(config, { store, now: time.now, logger: log.logger });
    const bot = startBot({ store, translator, translation: { monitor: translator }, log });
    const user = await world.client.createUser({ first_name: "Minji", language_code: "ko" });
    world.papago.failNext(3, "internal");
    deepl.failNext(1, "internal");

    // Papago and DeepL fail: Google answers.
    expect(await exchange(user, "첫 번째 메시지입니다", 1)).toBe("en:첫 번째 메시지입니다");
    expect(google.requests).toHaveLength(1);
    // Papago fails twice more: DeepL answers (its stand-in writes the target as DeepL names it).
    expect(await exchange(user, "두 번째 메시지입니다", 2)).toMatch(/^EN.*:두 번째 메시지입니다$/);
    expect(await exchange(user, "세 번째 메시지입니다", 3)).toMatch(/^EN.*:세 번째/);
    expect(world.papago.requests).toHaveLength(3);
    expect(translator.status()[0]).toMatchObject({ name: "papago", breaker: "open" });

    // Open: Papago is not asked at all; DeepL answers at once.
    expect(await exchange(user, "네 번째 메시지입니다", 4)).toMatch(/^EN.*:네 번째/);
    expect(await exchange(user, "다섯 번째 메시지입니다", 5)).toMatch(/^EN.*:다섯 번째/);
    expect(world.papago.requests).toHaveLength(3);
    expect(deepl.requests).toHaveLength(5);

    // A minute later one trial call goes to Papago; it works, so Papago is first again.
    time.advance(60_000);
    expect(await exchange(user, "여섯 번째 메시지입니다", 6)).toBe("en:여섯 번째 메시지입니다");
    expect(await exchange(user, "일곱 번째 메시지입니다", 7)).toBe("en:일곱 번째 메시지입니다");
    expect(world.papago.requests).toHaveLength(5);
    expect(deepl.requests).toHaveLength(5);
    expect(translator.status()[0]?.breaker).toBe("closed");
    expect(bot.logs.join("")).toContain("breaker open");
  });

  it("tells the user once, in one short message, when every provider fails", async () => {
    const store = await memoryStore();
    const translator = createTranslator(loadConfig(env({ TRANSLATOR: "papago,deepl,google" })), {
      store,
    });
    startBot({ store, translator });
    const user = await world.client.createUser({ first_name: "Jun", language_code: "en" });
    world.papago.failNext(1, "internal");
    deepl.failNext(1, "unavailable");
    google.failNext(1, "internal");
    const failed = await world.client.sendMessage({
      chat_id: user.id,
      from_id: user.id,
      text: "아무도 번역하지 못하는 메시지",
    });
    await world.client.sendMessage({ chat_id: user.id, from_id: user.id, text: "이건 될까요?" });
    const replies = await world.client.waitForBotMessages({ chat_id: user.id, count: 2 });
    expect(replies[0]?.text).toMatch(/isn't answering/);
    expect(replies[0]?.reply_to_message?.message_id).toBe(failed.message_id);
    expect(replies[1]?.text).toBe("en:이건 될까요?");
    expect(await world.client.sent({ chat_id: user.id })).toHaveLength(2);
    expect([world.papago.requests, deepl.requests, google.requests].map((r) => r.length)).toEqual([
      2, 1, 1,
    ]);
  });
});

interface Backend {
  name: string;
  skip: string | undefined;
  /** Opens the store; each call is a new instance (a restart), except memory's. */
  open(): Promise<Store>;
}

const memory = await openStore("memory:");
afterAll(() => memory.close());

const backends: Backend[] = [
  { name: "memory", skip: undefined, open: () => Promise.resolve(memory) },
  {
    name: "sqlite",
    skip: undefined,
    open: async () => openStore(`sqlite:${world.dir}/cache.db`),
  },
  {
    name: "postgres",
    skip: postgres.skipReason,
    open: () => openStore(postgres.url()),
  },
  {
    name: "dynamodb",
    skip: undefined,
    open: async () => {
      const store = await openStore("dynamodb:babelgram-cache-e2e?region=us-east-1");
      await store.migrate();
      return store;
    },
  },
];

describe.each(backends)("the translation cache on $name", (backend) => {
  it.skipIf(backend.skip !== undefined)(
    "answers the second identical message without a provider call, also after a restart",
    async () => {
      const text = `캐시가 ${backend.name}에서도 작동하나요?`;
      const user = await world.client.createUser({ first_name: "Cache" });
      const config = loadConfig(env({ TRANSLATOR: "papago" }));

      const first = await backend.open();
      const bot = startBot({
        store: first,
        translator: createTranslator(config, { store: first }),
      });
      expect(await exchange(user, text, 1)).toBe(`en:${text}`);
      expect(await exchange(user, ` ${text}  `, 2)).toBe(`en:${text}`);
      expect(world.papago.requests).toHaveLength(1);
      await bot.stop();
      if (first !== memory) await first.close();

      // A new bot, a new translator and (except in memory) a new connection to the same data.
      const second = await backend.open();
      if (second !== memory) stores.push(second);
      startBot({ store: second, translator: createTranslator(config, { store: second }) });
      expect(await exchange(user, text, 3)).toBe(`en:${text}`);
      expect(world.papago.requests).toHaveLength(1);
      // A different text still goes to Papago.
      expect(await exchange(user, `${text} 네`, 4)).toBe(`en:${text} 네`);
      expect(world.papago.requests).toHaveLength(2);
    },
  );
});

describe("daily quotas", () => {
  /** A bot on Papago allowing each user 20 characters a day, and a user to talk to it. */
  async function busyUserWithQuota() {
    const store = await memoryStore();
    const translator = createTranslator(loadConfig(env({ TRANSLATOR: "papago" })), { store });
    startBot({
      store,
      translator,
      translation: { quotas: { userDailyChars: 20, chatDailyChars: 0 } },
    });
    return world.client.createUser({ first_name: "Busy", language_code: "en" });
  }

  it("tells a user over quota once, politely, then translates nothing more today", async () => {
    const user = await busyUserWithQuota();
    expect(await exchange(user, "오늘은 번역을 아주 많이 부탁드릴게요", 1)).toBe(
      "en:오늘은 번역을 아주 많이 부탁드릴게요",
    );
    const notice = await exchange(user, "한 번 더 부탁해요", 2);
    expect(notice).toMatch(/today's translation limit/);
    expect(notice).toMatch(/00:00 UTC/);
    for (const text of ["세 번째 부탁", "네 번째 부탁"]) {
      await world.client.sendMessage({ chat_id: user.id, from_id: user.id, text });
    }
    // One chat's updates are handled in order: once /help is answered, the two before it were handled.
    await world.client.sendMessage({ chat_id: user.id, from_id: user.id, text: "/help" });
    const all = await world.client.waitForBotMessages({ chat_id: user.id, count: 3 });
    expect(all[2]?.text).toContain("/lang");
    expect(await world.client.sent({ chat_id: user.id })).toHaveLength(3);
    expect(world.papago.requests).toHaveLength(1);
  });

  it("still answers a user over quota from the cache: cache hits are free", async () => {
    const user = await busyUserWithQuota();
    const text = "오늘은 번역을 아주 많이 부탁드릴게요";
    expect(await exchange(user, text, 1)).toBe(`en:${text}`);
    // Over quota now: the same text comes from the cache, a new one would need the provider.
    expect(await exchange(user, text, 2)).toBe(`en:${text}`);
    expect(await exchange(user, "한 번 더 부탁해요", 3)).toMatch(/today's translation limit/);
    expect(world.papago.requests).toHaveLength(1);
  });
});

describe("/stats", () => {
  it("shows admins the cache, characters per provider and breakers; others get no answer", async () => {
    const store = await memoryStore();
    const translator = createTranslator(loadConfig(env({ TRANSLATOR: "papago,deepl" })), {
      store,
    });
    const admin = await world.client.createUser({ first_name: "Admin", language_code: "en" });
    const other = await world.client.createUser({ first_name: "Other", language_code: "en" });
    startBot({ store, translator, translation: { adminUserIds: [admin.id], monitor: translator } });
    world.papago.failNext(1, "internal");
    await exchange(admin, "통계를 위한 메시지", 1);
    await exchange(admin, "통계를 위한 메시지", 2);
    const stats = await exchange(admin, "/stats", 3);
    expect(stats).toContain("Cache: 50% hits (1 of 2 since start)");
    expect(stats).toMatch(/• deepl: 10 \/ 10/);
    expect(stats).toMatch(/• papago: 0 \/ 0/);
    expect(stats).toMatch(/papago: 1 calls, server 1; breaker closed/);

    await world.client.sendMessage({ chat_id: other.id, from_id: other.id, text: "/stats" });
    expect(await exchange(other, "/help", 1)).toContain("/lang");
    expect(await world.client.sent({ chat_id: other.id })).toHaveLength(1);
  });
});

describe("a provider that hands the text back unchanged", () => {
  it("sends nothing, as for a text already in the target language", async () => {
    const store = await memoryStore();
    const calls: string[] = [];
    // Like Amazon Translate or a language model given a text already in the target language.
    const echo: Translator = {
      name: "echo",
      real: true,
      translate(request) {
        calls.push(request.text);
        return Promise.resolve({ ...request, provider: "echo" });
      },
    };
    startBot({ store, translator: echo });
    const user = await world.client.createUser({ first_name: "Ana", language_code: "en" });
    await world.client.sendMessage({
      chat_id: user.id,
      from_id: user.id,
      text: "이미 번역된 문장",
    });
    await expect.poll(() => calls.length).toBe(1);
    // A second message that the echo does change shows the first one was handled, silently.
    const marker: Translator["translate"] = (request) =>
      Promise.resolve({ ...request, text: `changed ${request.text}`, provider: "echo" });
    echo.translate = marker;
    await world.client.sendMessage({
      chat_id: user.id,
      from_id: user.id,
      text: "두 번째 문장이에요",
    });
    const replies = await world.client.waitForBotMessages({ chat_id: user.id, count: 1 });
    expect(calls).toEqual(["이미 번역된 문장"]);
    expect(replies.map((reply) => reply.text)).toEqual(["changed 두 번째 문장이에요"]);
  });
});

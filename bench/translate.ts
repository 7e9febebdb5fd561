// What the translation cache and batching save under a burst: 1,000 messages from 100 chats arrive
// at once (each chat's in order, chats side by side, as the runtimes handle them), half of them
// texts that many people write ("ㅋㅋ 알겠어", "good morning"), half unique. The providers are the
// local stand-ins with 50 ms added to every answer; the bot is the real one (detection, quotas,
// cache, the TRANSLATOR chain, batching) with Telegram replaced by an in-process fake, over a memory
// store. Reports provider calls and texts sent, the cache hit rate (from /stats), and the time from a
// message's arrival to its reply. The stand-ins run in this process and share its CPU.
// Run: npm run bench:translate (BENCH_LATENCY_MS=0 shows the pipeline's own cost; --json prints the
// figures as one JSON line).
import { performance } from "node:perf_hooks";
import type { ApiResponse, Update } from "grammy/types";
import { createBot } from "../src/bot/index.js";
import { loadConfig } from "../src/config.js";
import { createLogger } from "../src/log.js";
import { openStore } from "../src/store/index.js";
import { createTranslator } from "../src/translate/index.js";
import { deeplParams, startDeepLStandIn } from "../test/stand-ins/deepl.js";
import { startPapagoStandIn } from "../test/stand-ins/papago.js";
import { percentile, printTable } from "./support/load.js";
import { JSON_OUTPUT, printReport } from "./support/processes.js";
import { botIdentity } from "../src/bot/identity.js";

const CHATS = 100;
const PER_CHAT = 10;
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 50);
const ADMIN = 1;
const TOKEN = `1234567:${"b".repeat(35)}`;

const COMMON = [
  "ㅋㅋㅋ 알겠어",
  "좋은 아침이에요",
  "고마워요!",
  "지금 어디야?",
  "이따가 봐요",
  "밥 먹었어?",
  "오늘 회의 몇 시예요?",
  "수고하셨습니다",
  "good morning everyone",
  "thank you so much",
  "see you tomorrow",
  "where are you now?",
  "what time is the meeting?",
  "sounds good to me",
  "I'll be there in ten minutes",
  "happy birthday!",
];

/** A small seeded PRNG (mulberry32), so that every run sends the same burst. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Each chat's messages: every other one a common phrase, the rest its own. */
function burst(): string[][] {
  const next = random(7);
  return Array.from({ length: CHATS }, (_, chat) =>
    Array.from({ length: PER_CHAT }, (_, n) =>
      n % 2 === 0
        ? (COMMON[Math.floor(next() * COMMON.length)] ?? "")
        : chat % 2 === 0
          ? `${chat + 1}번 채팅의 ${n + 1}번째 메시지입니다, 잘 부탁드려요`
          : `chat ${chat + 1} says message number ${n + 1}, thanks a lot`,
    ),
  );
}

function messageUpdate(updateId: number, chatId: number, text: string): Update {
  const user = { id: chatId, is_bot: false, first_name: `User ${chatId}`, language_code: "en" };
  return {
    update_id: updateId,
    message: {
      message_id: updateId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: chatId, type: "private", first_name: user.first_name },
      from: user,
      text,
      ...(text.startsWith("/")
        ? {
            entities: [{ type: "bot_command", offset: 0, length: text.split(" ")[0]?.length ?? 0 }],
          }
        : {}),
    },
  };
}

interface Run {
  scenario: string;
  calls: number;
  texts: number;
  sentTwice: number;
  cache: string;
  p50: number;
  p99: number;
  seconds: number;
}

async function run(scenario: string, translatorName: "papago" | "deepl"): Promise<Run> {
  const papago = await startPapagoStandIn();
  const deepl = await startDeepLStandIn({ authKey: "bench-key:fx" });
  papago.setLatency(LATENCY_MS);
  deepl.setLatency(LATENCY_MS);
  const config = loadConfig({
    TELEGRAM_BOT_TOKEN: TOKEN,
    TRANSLATOR: translatorName,
    PAPAGO_CLIENT_ID: "stand-in-client-id",
    PAPAGO_CLIENT_SECRET: "stand-in-client-secret",
    PAPAGO_API_URL: papago.url,
    DEEPL_API_KEY: "bench-key:fx",
    DEEPL_API_URL: deepl.url,
    ADMIN_USER_IDS: String(ADMIN),
    STORE_URL: "memory:",
  });
  const store = await openStore(config.storeUrl);
  const logger = createLogger({ level: "warn", secrets: [] });
  const translator = createTranslator(config, { store, logger });
  const bot = createBot({
    token: TOKEN,
    translator,
    store,
    logger,
    languages: config.languages,
    translation: {
      cacheTtlMs: config.translation.cacheTtlMs,
      quotas: config.translation.quotas,
      adminUserIds: config.translation.adminUserIds,
      monitor: translator,
    },
    botInfo: botIdentity({ id: 1234567, username: "bench_bot" }),
  });
  // Telegram, in process: every reply is recorded with the time it was sent.
  const replied = new Map<number, number>();
  const texts = new Map<number, string>();
  let nextId = 1;
  bot.api.config.use((_prev, method, payload) => {
    const body = payload as {
      chat_id?: number;
      text?: string;
      reply_parameters?: { message_id: number };
    };
    if (method === "sendMessage") {
      const to = body.reply_parameters?.message_id;
      if (to !== undefined && !replied.has(to)) replied.set(to, performance.now());
      if (body.chat_id === ADMIN) texts.set(nextId, body.text ?? "");
    }
    const result = {
      message_id: nextId++,
      date: Math.floor(Date.now() / 1000),
      chat: { id: body.chat_id ?? 0, type: "private" },
      text: body.text,
    };
    return Promise.resolve({ ok: true, result } as unknown as ApiResponse<never>);
  });

  const chats = burst();
  const started = performance.now();
  await Promise.all(
    chats.map(async (messages, chat) => {
      for (const [n, text] of messages.entries()) {
        await bot.handleUpdate(messageUpdate(chat * PER_CHAT + n + 1, 1000 + chat, text));
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const times = [...replied.values()].map((at) => at - started).sort((a, b) => a - b);

  await bot.handleUpdate(messageUpdate(1_000_000, ADMIN, "/stats"));
  const stats = [...texts.values()].at(-1) ?? "";
  const cache = /Cache: (\d+% hits \(\S+ of \S+)/.exec(stats)?.[1]?.replace(/ \(/, ", ") ?? "?";

  const sent =
    translatorName === "papago"
      ? papago.requests.map((request) => [request.body.text ?? ""])
      : deepl.requests.map((request) => deeplParams(request)?.text ?? []);
  const counts = new Map<string, number>();
  for (const text of sent.flat()) counts.set(text, (counts.get(text) ?? 0) + 1);
  const result: Run = {
    scenario,
    calls: sent.length,
    texts: sent.flat().length,
    sentTwice: [...counts.values()].filter((count) => count > 1).length,
    cache,
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    seconds,
  };
  if (replied.size !== CHATS * PER_CHAT) {
    throw new Error(`${scenario}: ${replied.size} of ${CHATS * PER_CHAT} messages were answered`);
  }
  await store.close();
  await papago.close();
  await deepl.close();
  return result;
}

// A first burst warms up the JIT and the connection pools; it is not reported.
await run("warm-up", "deepl");
const runs = [
  await run("papago (1 text per call)", "papago"),
  await run("deepl (up to 50 per call)", "deepl"),
];
const keys = ["papago", "deepl"] as const;
if (JSON_OUTPUT) {
  const figures: Record<string, number> = {};
  runs.forEach((r, i) => {
    const key = keys[i] ?? r.scenario;
    figures[`${key}.providerCalls`] = r.calls;
    figures[`${key}.textsSent`] = r.texts;
    figures[`${key}.textsSentTwice`] = r.sentTwice;
    figures[`${key}.cacheHitPercent`] = Number(/^(\d+)%/.exec(r.cache)?.[1] ?? Number.NaN);
    figures[`${key}.p50Ms`] = r.p50;
    figures[`${key}.p99Ms`] = r.p99;
    figures[`${key}.burstSeconds`] = r.seconds;
  });
  printReport({
    bench: "translate",
    meta: { chats: CHATS, perChat: PER_CHAT, latencyMs: LATENCY_MS, commonPhrases: COMMON.length },
    figures,
  });
} else {
  console.log(
    `${CHATS * PER_CHAT} messages from ${CHATS} chats at once, half of them ${COMMON.length} common phrases; ${LATENCY_MS} ms per provider call; memory store\n`,
  );
  printTable(
    [
      "translator",
      "provider calls",
      "texts sent",
      "texts sent twice",
      "cache hits",
      "p50 to reply",
      "p99 to reply",
      "burst took",
    ],
    runs.map((r) => [
      r.scenario,
      String(r.calls),
      String(r.texts),
      String(r.sentTwice),
      r.cache,
      `${r.p50.toFixed(0)} ms`,
      `${r.p99.toFixed(0)} ms`,
      `${r.seconds.toFixed(2)} s`,
    ]),
  );
}

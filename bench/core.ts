// babelgram's own work per update, without HTTP: the webhook core and the bot in one process, a
// SQLite store (claims, settings, cache), the pseudo translator, flow control with raised limits,
// and Telegram answered by a stub in place of the Bot API transport. Beside it, a bare grammY bot
// with one reply handler through the same stub: what any bot pays. The difference is what
// babelgram adds (claims, settings, detection, cache, formatting, pacing, the update context).
// "supervised" is how the CLI runs (supervision's handlers installed).
// Run: npm run bench:core [-- --updates 20000 --rounds 3 --json]; profile it with
// node --import tsx --cpu-prof bench/core.ts.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Bot, type Transformer } from "grammy";
import type { Update } from "grammy/types";
import { createBot } from "../src/bot/index.js";
import { botIdentity } from "../src/bot/identity.js";
import { createLogger } from "../src/log.js";
import { superviseProcess } from "../src/runtime/supervision.js";
import { createWebhookCore, type WebhookCore } from "../src/runtime/webhook-core.js";
import { claimsFromStore, openStore } from "../src/store/index.js";
import { createPseudoTranslator } from "../src/translate/pseudo.js";
import { loadDetectionSamples } from "../test/support/detection-samples.js";
import { median } from "./support/load.js";
import { JSON_OUTPUT, option, printReport } from "./support/processes.js";
import { RAISED_LIMITS } from "./support/raised-limits.js";

const UPDATES = option("updates", 20_000);
const ROUNDS = Math.max(1, option("rounds", 3));
const CONCURRENCY = 40;
const CHATS = 200;
const SECRET = "bench_core_secret";
const identity = botIdentity({ id: 1, username: "bench_bot" });
const texts = loadDetectionSamples().map((sample) => sample.text);
const logger = createLogger({ level: "warn", secrets: [] });

let messageId = 1;
/** The Bot API as a stub: every call succeeds at once with a plausible message. */
const telegram: Transformer = async (_prev, _method, payload) => {
  await Promise.resolve();
  const chatId = (payload as { chat_id?: number }).chat_id ?? 0;
  const result = { message_id: messageId++, date: 0, chat: { id: chatId, type: "private" } };
  return { ok: true, result } as never;
};

let updateId = 1;
function update(i: number): Update {
  const id = 1000 + (i % CHATS);
  const user = { id, is_bot: false, first_name: `User ${i % CHATS}`, language_code: "en" };
  const chat = { id, type: "private" as const, first_name: user.first_name };
  const text = texts[i % texts.length] ?? "";
  return {
    update_id: updateId++,
    message: { message_id: updateId, date: 0, chat, from: user, text },
  };
}

/** CPU µs per update over `count` updates at CONCURRENCY, each handled by `handle`. */
async function measure(count: number, handle: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const worker = async () => {
    while (next < count) await handle(next++);
  };
  const before = process.cpuUsage();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const used = process.cpuUsage(before);
  return (used.user + used.system) / count;
}

async function babelgramCore(dir: string): Promise<{ core: WebhookCore; close(): Promise<void> }> {
  const store = await openStore(`sqlite:${join(dir, `core-${Date.now()}.db`)}`);
  const bot = createBot({
    token: "1:bench",
    botInfo: identity,
    translator: createPseudoTranslator(),
    store,
    logger,
    languages: { home: "ko", foreign: "en" },
    transport: { transformer: telegram, close: () => Promise.resolve() },
    flowControl: { limits: RAISED_LIMITS },
  });
  const core = createWebhookCore({
    bot,
    logger,
    secret: SECRET,
    handledTypes: ["message"],
    claims: claimsFromStore(store),
  });
  return { core, close: () => store.close() };
}

const headers = new Headers({ "x-telegram-bot-api-secret-token": SECRET });
async function runBabelgram(dir: string, count: number): Promise<number> {
  const babelgram = await babelgramCore(dir);
  const { core } = babelgram;
  try {
    const post = async (i: number) => {
      const answer = await core.handle({ headers, body: JSON.stringify(update(i)) });
      if (answer.status !== 200) throw new Error(`the core answered ${answer.status}`);
    };
    await measure(Math.min(2_000, count), post); // warm-up: JIT, statements, the n-gram model
    return await measure(count, post);
  } finally {
    await babelgram.close();
  }
}

async function runBareGrammy(count: number): Promise<number> {
  const bot = new Bot("1:bench", { botInfo: identity });
  bot.api.config.use(telegram);
  bot.on("message:text", (ctx) => ctx.reply(`[auto→en] ${ctx.message.text}`));
  const post = (i: number) => bot.handleUpdate(JSON.parse(JSON.stringify(update(i))) as Update);
  await measure(Math.min(2_000, count), post);
  return measure(count, post);
}

const dir = mkdtempSync(join(tmpdir(), "babelgram-bench-core-"));
const results = { babelgram: [] as number[], supervised: [] as number[], grammy: [] as number[] };
try {
  for (let round = 0; round < ROUNDS; round++) {
    results.grammy.push(await runBareGrammy(UPDATES));
    results.babelgram.push(await runBabelgram(dir, UPDATES));
  }
  // Supervision stays installed once on (it is process-wide), so its rounds come last.
  const unsupervise = superviseProcess({ logger, onFatal: () => process.exit(1) });
  for (let round = 0; round < ROUNDS; round++) {
    results.supervised.push(await runBabelgram(dir, UPDATES));
  }
  unsupervise();
} finally {
  rmSync(dir, { recursive: true, force: true });
}

if (JSON_OUTPUT) {
  printReport({
    bench: "core",
    meta: { updates: UPDATES, rounds: ROUNDS, concurrency: CONCURRENCY, chats: CHATS },
    figures: {
      "babelgram.cpuUsPerUpdate": results.babelgram,
      "supervised.cpuUsPerUpdate": results.supervised,
      "grammy.cpuUsPerUpdate": results.grammy,
    },
  });
} else {
  console.log(
    `\n${UPDATES} updates per round, ${ROUNDS} rounds, concurrency ${CONCURRENCY}, ${CHATS} chats, Node ${process.version}; CPU µs per update, median of the rounds`,
  );
  console.log(`babelgram core + bot (library)     ${median(results.babelgram).toFixed(1)}`);
  console.log(`babelgram core + bot (as the CLI)  ${median(results.supervised).toFixed(1)}`);
  console.log(`bare grammY, one reply handler     ${median(results.grammy).toFixed(1)}`);
}

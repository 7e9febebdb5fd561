// Long polling end to end: from a user's message entering the local Bot API (EmulatorClient
// .sendMessage) to the bot's reply arriving there, per message. babelgram runs in a child process as
// `npm start` runs `babelgram start` (its node flags; getUpdates, claims and settings in SQLite, the
// pseudo translator), with Telegram's sending limits raised (bench/support/launcher.ts;
// --as-shipped runs the CLI itself, whose pacing then shows: about one reply a second per chat
// after the first 3).
// - 1 chat: messages one after another, each sent once the previous one is answered.
// - 100 chats at once: each sends its messages back to back without waiting; every reply must come
//   in its chat's order (checked from the chat as the local Bot API stores it).
// Arrival times come from the local Bot API's change events (GET /_control/events).
// Run: npm run bench:polling [-- --sequential 50 --chats 100 --per-chat 10 --rounds 1 --json]
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { Message, User } from "grammy/types";
import { EmulatorClient } from "../src/emulator/client.js";
import { startEmulator } from "../src/emulator/index.js";
import { watchChatEvents, type ChatEvents } from "./support/events.js";
import { cpuTimeMs, median, peakRssMb, percentile, printTable } from "./support/load.js";
import {
  buildLauncher,
  JSON_OUTPUT,
  option,
  printReport,
  ROOT,
  shippedNodeFlags,
  startNode,
  stop,
} from "./support/processes.js";

const SEQUENTIAL = option("sequential", 50);
const CHATS = option("chats", 100);
const PER_CHAT = option("per-chat", 10);
const ROUNDS = Math.max(1, option("rounds", 1));
const AS_SHIPPED = process.argv.includes("--as-shipped");
const WAIT_MS = AS_SHIPPED ? 600_000 : 60_000;

// Korean is answered in English, anything else in Korean: both directions, every other message.
const TEXTS = [
  "안녕하세요, 오늘 날씨가 정말 좋네요",
  "Could you tell me where the station is?",
  "회의는 몇 시에 시작하나요?",
  "I will be there in ten minutes, thanks",
];
const textFor = (n: number) => `${TEXTS[n % TEXTS.length] ?? ""} (${n + 1})`;

execFileSync(process.execPath, ["scripts/build.mjs"], { cwd: ROOT, stdio: "inherit" });
const launcher = await buildLauncher();

interface Sent {
  chatId: number;
  messageId: number;
  startedAt: number;
}

interface Scenario {
  latencies: number[];
  /** Chats whose replies came out of order, or not one reply per message. */
  disordered: number;
  seconds: number;
}

/**
 * Latencies from the chat as stored (user and bot messages in order) and the arrival times of its
 * events (one per stored message, same order): each user message's first reply.
 */
function chatLatencies(
  messages: readonly Message[],
  arrivals: readonly number[],
  sent: ReadonlyMap<number, Sent>,
): { latencies: number[]; inOrder: boolean } {
  const latencies: number[] = [];
  const repliedTo: number[] = [];
  messages.forEach((message, index) => {
    const to = message.reply_to_message?.message_id;
    if (message.from?.is_bot !== true || to === undefined || repliedTo.includes(to)) return;
    repliedTo.push(to);
    const at = arrivals[index];
    const ours = sent.get(to);
    if (at !== undefined && ours !== undefined) latencies.push(at - ours.startedAt);
  });
  const asked = [...sent.values()].map((item) => item.messageId);
  const inOrder = repliedTo.length === asked.length && repliedTo.every((id, i) => id === asked[i]);
  return { latencies, inOrder };
}

async function newChat(client: EmulatorClient, events: ChatEvents, name: string): Promise<User> {
  const user = await client.createUser({ first_name: name, language_code: "ko" });
  // A first message and its answer: whatever a new chat is told once is out of the way.
  await client.sendMessage({ chat_id: user.id, from_id: user.id, text: "안녕하세요" });
  await events.until(user.id, 2, WAIT_MS);
  await new Promise((resolve) => setTimeout(resolve, 100));
  return user;
}

async function sequential(client: EmulatorClient, events: ChatEvents): Promise<Scenario> {
  const user = await newChat(client, events, "Sequential");
  const base = events.times(user.id).length;
  const sent = new Map<number, Sent>();
  const started = performance.now();
  for (let n = 0; n < SEQUENTIAL; n++) {
    const startedAt = performance.now();
    const message = await client.sendMessage({
      chat_id: user.id,
      from_id: user.id,
      text: textFor(n),
    });
    sent.set(message.message_id, { chatId: user.id, messageId: message.message_id, startedAt });
    await events.until(user.id, base + 2 * (n + 1), WAIT_MS);
  }
  const seconds = (performance.now() - started) / 1000;
  const messages = (await client.chatMessages(user.id)).slice(base);
  const { latencies, inOrder } = chatLatencies(messages, events.times(user.id).slice(base), sent);
  return { latencies, disordered: inOrder ? 0 : 1, seconds };
}

async function concurrent(client: EmulatorClient, events: ChatEvents): Promise<Scenario> {
  const users = await Promise.all(
    Array.from({ length: CHATS }, (_, i) => newChat(client, events, `Chat ${i}`)),
  );
  const bases = users.map((user) => events.times(user.id).length);
  const sent = users.map(() => new Map<number, Sent>());
  const started = performance.now();
  await Promise.all(
    users.map(async (user, i) => {
      for (let n = 0; n < PER_CHAT; n++) {
        const startedAt = performance.now();
        const message = await client.sendMessage({
          chat_id: user.id,
          from_id: user.id,
          text: textFor(i + n),
        });
        sent[i]?.set(message.message_id, {
          chatId: user.id,
          messageId: message.message_id,
          startedAt,
        });
      }
      await events.until(user.id, (bases[i] ?? 0) + 2 * PER_CHAT, WAIT_MS);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const latencies: number[] = [];
  let disordered = 0;
  for (const [i, user] of users.entries()) {
    const base = bases[i] ?? 0;
    const messages = (await client.chatMessages(user.id)).slice(base);
    const arrivals = events.times(user.id).slice(base);
    const chat = chatLatencies(messages, arrivals, sent[i] ?? new Map());
    latencies.push(...chat.latencies);
    if (!chat.inOrder) disordered++;
  }
  return { latencies, disordered, seconds };
}

interface Round {
  one: Scenario;
  many: Scenario;
  rssMb: number;
  cpuMsPerMessage: number;
}

async function round(): Promise<Round> {
  const emulator = await startEmulator();
  const client = new EmulatorClient(emulator.url);
  const events = await watchChatEvents(emulator.url);
  const dir = mkdtempSync(join(tmpdir(), "babelgram-bench-polling-"));
  try {
    const { child } = await startNode({
      name: "babelgram start",
      args: [...shippedNodeFlags(), AS_SHIPPED ? "bin/babelgram.js" : launcher, "start"],
      env: {
        TELEGRAM_BOT_TOKEN: emulator.defaultToken,
        TELEGRAM_API_ROOT: emulator.url,
        TRANSLATOR: "pseudo",
        STORE_URL: `sqlite:${join(dir, "bench.db")}`,
        LOG_LEVEL: "warn",
      },
      ready: /(is running)/,
    });
    try {
      const pid = child.pid ?? 0;
      // Warm-up: the JIT, the detector's n-gram tables, SQLite's statements.
      const warm = await newChat(client, events, "Warm-up");
      for (let n = 0; n < 20; n++) {
        await client.sendMessage({ chat_id: warm.id, from_id: warm.id, text: textFor(n) });
      }
      await events.until(warm.id, 2 + 40, WAIT_MS);
      const cpuBefore = cpuTimeMs(pid);
      const one = await sequential(client, events);
      const many = await concurrent(client, events);
      // The 101 first messages of the new chats count too.
      const messages = SEQUENTIAL + CHATS * PER_CHAT + CHATS + 1;
      const cpuMsPerMessage = (cpuTimeMs(pid) - cpuBefore) / messages;
      return { one, many, rssMb: peakRssMb(pid), cpuMsPerMessage };
    } finally {
      await stop(child);
    }
  } finally {
    events.close();
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const rounds: Round[] = [];
for (let i = 0; i < ROUNDS; i++) rounds.push(await round());

const stats = (scenario: Scenario) => {
  const sorted = [...scenario.latencies].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), count: sorted.length };
};
const figures = {
  "one.p50Ms": rounds.map((r) => stats(r.one).p50),
  "one.p99Ms": rounds.map((r) => stats(r.one).p99),
  "one.replies": rounds.map((r) => stats(r.one).count),
  "many.p50Ms": rounds.map((r) => stats(r.many).p50),
  "many.p99Ms": rounds.map((r) => stats(r.many).p99),
  "many.replies": rounds.map((r) => stats(r.many).count),
  "many.perSecond": rounds.map((r) => stats(r.many).count / r.many.seconds),
  "many.disorderedChats": rounds.map((r) => r.many.disordered),
  rssMb: rounds.map((r) => r.rssMb),
  cpuMsPerMessage: rounds.map((r) => r.cpuMsPerMessage),
};

if (JSON_OUTPUT) {
  printReport({
    bench: "polling",
    meta: {
      sequential: SEQUENTIAL,
      chats: CHATS,
      perChat: PER_CHAT,
      rounds: ROUNDS,
      asShipped: AS_SHIPPED,
    },
    figures,
  });
} else {
  const mid = (name: keyof typeof figures) => median(figures[name]);
  console.log(
    `\nbabelgram start (long polling)${AS_SHIPPED ? ", as shipped (paced)" : ""}, Node ${process.version}; medians of ${ROUNDS} round(s)\n`,
  );
  printTable(
    ["scenario", "replies", "p50 ms", "p99 ms", "replies/s", "chats out of order"],
    [
      [
        "1 chat, one message at a time",
        `${mid("one.replies")}/${SEQUENTIAL}`,
        mid("one.p50Ms").toFixed(1),
        mid("one.p99Ms").toFixed(1),
        "",
        "",
      ],
      [
        `${CHATS} chats at once, ${PER_CHAT} messages each`,
        `${mid("many.replies")}/${CHATS * PER_CHAT}`,
        mid("many.p50Ms").toFixed(1),
        mid("many.p99Ms").toFixed(1),
        mid("many.perSecond").toFixed(0),
        `${mid("many.disorderedChats")}/${CHATS}`,
      ],
    ],
  );
  console.log(
    `\npeak RSS ${mid("rssMb").toFixed(0)} MB; CPU ${mid("cpuMsPerMessage").toFixed(3)} ms per message`,
  );
}

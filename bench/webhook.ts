// Webhook throughput and latency: N updates posted at concurrency 40 into babelgram's webhook server
// and into a bare grammY bot and a bare Telegraf bot doing the same job (receive an update, translate
// through a zero-latency stand-in, reply), all against the local Bot API. babelgram runs as
// `babelgram serve` does under `npm start` (node's flags from package.json's start script), with the
// pseudo translator and a SQLite store (claims, settings), with
// Telegram's sending limits raised (bench/support/launcher.ts); a smaller run of the CLI as shipped,
// pacing its replies under Telegram's 30 a second, is reported beside it.
// Candidates take turns, round after round; each gets a fresh local Bot API.
// Run: npm run bench:webhook [-- --updates 4000 --concurrency 40 --rounds 3 --paced-updates 300
// --profile <dir> --json]
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { User } from "grammy/types";
import { EmulatorClient } from "../src/emulator/client.js";
import { startEmulator } from "../src/emulator/index.js";
import { loadDetectionSamples } from "../test/support/detection-samples.js";
import {
  cpuTimeMs,
  median,
  peakRssMb,
  printTable,
  runLoad,
  type LoadResult,
} from "./support/load.js";
import {
  buildLauncher,
  JSON_OUTPUT,
  option,
  printReport,
  ROOT,
  shippedNodeFlags,
  startNode,
  stop,
  stringOption,
} from "./support/processes.js";

const UPDATES = option("updates", 4000);
const CONCURRENCY = option("concurrency", 40);
const ROUNDS = Math.max(1, option("rounds", 3));
// As shipped, babelgram sends at most 30 replies a second: a few hundred updates show it.
const PACED_UPDATES = option("paced-updates", 300);
const WARM_UP = 400;
const CHATS = 200;
const SECRET = "bench_webhook_secret";
// --profile <dir>: each server writes a V8 CPU profile there (open it in Chrome DevTools).
const PROFILE_DIR = stringOption("profile");
const profileFlags = (name: string) =>
  PROFILE_DIR === undefined
    ? []
    : ["--cpu-prof", `--cpu-prof-dir=${PROFILE_DIR}`, `--cpu-prof-name=${name}.cpuprofile`];

execFileSync(process.execPath, ["scripts/build.mjs"], { cwd: ROOT, stdio: "inherit" });
const launcher = await buildLauncher();
const emulator = await startEmulator();
const client = new EmulatorClient(emulator.url);
const texts = loadDetectionSamples().map((sample) => sample.text);
let users: User[] = [];
let nextUpdateId = 1;

async function freshWorld(): Promise<void> {
  await client.reset();
  users = await Promise.all(
    Array.from({ length: CHATS }, (_, i) => client.createUser({ first_name: `User ${i}` })),
  );
}

function bodies(count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const user = users[i % users.length];
    const id = nextUpdateId++;
    return JSON.stringify({
      update_id: id,
      message: {
        message_id: id,
        date: Math.floor(Date.now() / 1000),
        chat: { id: user?.id, type: "private", first_name: user?.first_name },
        from: user,
        text: texts[i % texts.length],
      },
    });
  });
}

interface Candidate {
  key: string;
  name: string;
  command: (dir: string) => string[];
  env: (dir: string) => Record<string, string>;
  updates: number;
  warmUp: number;
}

type Measured = LoadResult & { rssMb: number; cpuMsPerUpdate: number; replies: number };

async function measure(candidate: Candidate, round: number): Promise<Measured> {
  await freshWorld();
  const dir = mkdtempSync(join(tmpdir(), "babelgram-bench-"));
  try {
    const profile = round === 0 ? profileFlags(candidate.key) : [];
    const { child, found: url } = await startNode({
      name: candidate.name,
      args: [...profile, ...candidate.command(dir)],
      env: candidate.env(dir),
      ready: /(http:\/\/127\.0\.0\.1:\d+\/telegram)/,
    });
    try {
      const pid = child.pid ?? 0;
      const headers = { "x-telegram-bot-api-secret-token": SECRET };
      const load = (count: number) =>
        runLoad({ url, bodies: bodies(count), concurrency: CONCURRENCY, headers });
      await load(candidate.warmUp);
      const sentBefore = (await client.sent()).length;
      const cpuBefore = cpuTimeMs(pid);
      const result = await load(candidate.updates);
      // CPU per update is steadier than throughput on a busy machine.
      const cpuMsPerUpdate = (cpuTimeMs(pid) - cpuBefore) / candidate.updates;
      const rssMb = peakRssMb(pid);
      const replies = (await client.sent()).length - sentBefore;
      return { ...result, rssMb, cpuMsPerUpdate, replies };
    } finally {
      await stop(child);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const common = {
  TELEGRAM_BOT_TOKEN: emulator.defaultToken,
  TELEGRAM_API_ROOT: emulator.url,
  WEBHOOK_SECRET: SECRET,
};
const babelgramEnv = (dir: string) => ({
  ...common,
  TRANSLATOR: "pseudo",
  STORE_URL: `sqlite:${join(dir, "bench.db")}`,
  LOG_LEVEL: "warn",
});
const candidates: Candidate[] = [
  {
    key: "babelgram",
    name: "babelgram serve",
    command: () => [...shippedNodeFlags(), launcher, "serve"],
    env: babelgramEnv,
    updates: UPDATES,
    warmUp: WARM_UP,
  },
  {
    // The same without npm start's memory settings: what they buy, and what they cost.
    key: "babelgramDefaults",
    name: "babelgram serve, node's defaults",
    command: () => [launcher, "serve"],
    env: babelgramEnv,
    updates: UPDATES,
    warmUp: WARM_UP,
  },
  {
    key: "grammy",
    name: "bare grammY",
    command: () => ["bench/bare/grammy-webhook.mjs"],
    env: () => common,
    updates: UPDATES,
    warmUp: WARM_UP,
  },
  {
    key: "telegraf",
    name: "bare Telegraf",
    command: () => ["bench/bare/telegraf-webhook.mjs"],
    env: () => common,
    updates: UPDATES,
    warmUp: WARM_UP,
  },
];
const paced: Candidate = {
  key: "babelgramPaced",
  name: "babelgram serve, paced as shipped",
  command: () => [
    ...shippedNodeFlags(),
    "bin/babelgram.js",
    "serve",
    "--host",
    "127.0.0.1",
    "--port",
    "0",
  ],
  env: babelgramEnv,
  updates: PACED_UPDATES,
  warmUp: 30,
};

const samples = new Map<string, Measured[]>();
try {
  for (let round = 0; round < ROUNDS; round++) {
    // Who goes first changes each round, so that no one always runs on a cold machine.
    const order = candidates.map((_, i) => candidates[(i + round) % candidates.length]);
    for (const candidate of order) {
      if (candidate === undefined) continue;
      const result = await measure(candidate, round);
      samples.set(candidate.key, [...(samples.get(candidate.key) ?? []), result]);
    }
  }
  if (PACED_UPDATES > 0) samples.set(paced.key, [await measure(paced, 1)]);
} finally {
  await emulator.close();
}

const all = [...candidates, paced].filter((candidate) => samples.has(candidate.key));
const figureNames = [
  "perSecond",
  "p50Ms",
  "p99Ms",
  "cpuMsPerUpdate",
  "rssMb",
  "failures",
  "replies",
] as const;

if (JSON_OUTPUT) {
  const figures: Record<string, number[]> = {};
  for (const candidate of all) {
    for (const name of figureNames) {
      figures[`${candidate.key}.${name}`] = (samples.get(candidate.key) ?? []).map((s) => s[name]);
    }
  }
  printReport({
    bench: "webhook",
    meta: {
      updates: UPDATES,
      concurrency: CONCURRENCY,
      chats: CHATS,
      rounds: ROUNDS,
      pacedUpdates: PACED_UPDATES,
    },
    figures,
  });
} else {
  const mid = (key: string, name: (typeof figureNames)[number]) =>
    median((samples.get(key) ?? []).map((sample) => sample[name]));
  console.log(
    `\n${UPDATES} updates, concurrency ${CONCURRENCY}, ${CHATS} chats, Node ${process.version}; ` +
      `medians of ${ROUNDS} rounds (the paced run: ${PACED_UPDATES} updates, once)\n`,
  );
  printTable(
    [
      "server",
      "updates/s",
      "p50 ms",
      "p99 ms",
      "CPU ms/update",
      "peak RSS MB",
      "non-200",
      "replies",
    ],
    all.map((candidate) => [
      candidate.name,
      mid(candidate.key, "perSecond").toFixed(0),
      mid(candidate.key, "p50Ms").toFixed(1),
      mid(candidate.key, "p99Ms").toFixed(1),
      mid(candidate.key, "cpuMsPerUpdate").toFixed(3),
      mid(candidate.key, "rssMb").toFixed(0),
      mid(candidate.key, "failures").toFixed(0),
      `${mid(candidate.key, "replies").toFixed(0)}/${candidate.updates}`,
    ]),
  );
  const best = Math.max(mid("grammy", "perSecond"), mid("telegraf", "perSecond"));
  console.log(
    `\nbabelgram / best bare bot throughput: ${(mid("babelgram", "perSecond") / best).toFixed(2)}x`,
  );
}

// Webhook throughput and latency: N updates posted at concurrency 40 into `babelgram serve` and into a
// bare grammY bot doing the same job, both against the local Bot API with a zero-latency translator.
// Run: npm run bench:webhook [-- --updates 4000 --concurrency 40]
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EmulatorClient } from "../src/emulator/client.js";
import { startEmulator } from "../src/emulator/index.js";
import { loadDetectionSamples } from "../test/support/detection-samples.js";
import { cpuTimeMs, peakRssMb, printTable, runLoad, type LoadResult } from "./support/load.js";

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

const UPDATES = option("updates", 4000);
const CONCURRENCY = option("concurrency", 40);
const CHATS = 200;
const SECRET = "bench_webhook_secret";
// --profile <dir>: each server writes a V8 CPU profile there (open it in Chrome DevTools).
const profileIndex = process.argv.indexOf("--profile");
const PROFILE_DIR = profileIndex >= 0 ? process.argv[profileIndex + 1] : undefined;
const profileFlags = (name: string) =>
  PROFILE_DIR === undefined
    ? []
    : ["--cpu-prof", `--cpu-prof-dir=${PROFILE_DIR}`, `--cpu-prof-name=${name}.cpuprofile`];

execFileSync(process.execPath, ["scripts/build.mjs"], { stdio: "inherit" });
const emulator = await startEmulator();
const client = new EmulatorClient(emulator.url);
const users = await Promise.all(
  Array.from({ length: CHATS }, (_, i) => client.createUser({ first_name: `User ${i}` })),
);
const texts = loadDetectionSamples().map((sample) => sample.text);
let nextUpdateId = 1;

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
  name: string;
  command: string[];
  env: Record<string, string>;
}

async function start(candidate: Candidate): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, candidate.command, {
    env: { PATH: process.env.PATH ?? "", ...candidate.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    const look = (chunk: Buffer) => {
      output += chunk.toString();
      const found = /(http:\/\/127\.0\.0\.1:\d+\/telegram)/.exec(output)?.[1];
      if (found !== undefined) resolve(found);
    };
    child.stdout?.on("data", look);
    child.stderr?.on("data", look);
    child.on("exit", () => reject(new Error(`${candidate.name} exited early:\n${output}`)));
  });
  return { child, url };
}

type Measured = LoadResult & { rssMb: number; cpuMsPerUpdate: number };

async function measure(candidate: Candidate): Promise<Measured> {
  const { child, url } = await start(candidate);
  const pid = child.pid ?? 0;
  const headers = { "x-telegram-bot-api-secret-token": SECRET };
  await runLoad({ url, bodies: bodies(400), concurrency: CONCURRENCY, headers }); // warm-up
  const cpuBefore = cpuTimeMs(pid);
  const result = await runLoad({ url, bodies: bodies(UPDATES), concurrency: CONCURRENCY, headers });
  // CPU per update is steadier than throughput on a busy machine.
  const cpuMsPerUpdate = (cpuTimeMs(pid) - cpuBefore) / UPDATES;
  const rssMb = peakRssMb(pid);
  const exited = new Promise((resolve) => child.on("exit", resolve));
  child.kill("SIGTERM");
  await exited;
  return { ...result, rssMb, cpuMsPerUpdate };
}

const dir = mkdtempSync(join(tmpdir(), "babelgram-bench-"));
const common = {
  TELEGRAM_BOT_TOKEN: emulator.defaultToken,
  TELEGRAM_API_ROOT: emulator.url,
  WEBHOOK_SECRET: SECRET,
};
const candidates: Candidate[] = [
  {
    name: "babelgram serve",
    command: [
      ...profileFlags("babelgram"),
      "bin/babelgram.js",
      "serve",
      "--host",
      "127.0.0.1",
      "--port",
      "0",
    ],
    env: {
      ...common,
      TRANSLATOR: "pseudo",
      STORE_URL: `sqlite:${join(dir, "bench.db")}`,
      LOG_LEVEL: "warn",
    },
  },
  {
    name: "bare grammY",
    command: [...profileFlags("grammy"), "bench/bare/grammy-webhook.mjs"],
    env: common,
  },
];

const rows: string[][] = [];
const results = new Map<string, Measured>();
try {
  for (const candidate of candidates) {
    const result = await measure(candidate);
    results.set(candidate.name, result);
    rows.push([
      candidate.name,
      result.perSecond.toFixed(0),
      result.p50Ms.toFixed(1),
      result.p99Ms.toFixed(1),
      result.cpuMsPerUpdate.toFixed(3),
      result.rssMb.toFixed(0),
      String(result.failures),
    ]);
  }
} finally {
  await emulator.close();
  rmSync(dir, { recursive: true, force: true });
}

console.log(
  `\n${UPDATES} updates, concurrency ${CONCURRENCY}, ${CHATS} chats, Node ${process.version}\n`,
);
printTable(
  ["server", "updates/s", "p50 ms", "p99 ms", "CPU ms/update", "peak RSS MB", "non-200"],
  rows,
);
const ours = results.get("babelgram serve");
const bare = results.get("bare grammY");
if (ours !== undefined && bare !== undefined) {
  console.log(
    `\nbabelgram / bare grammY throughput: ${(ours.perSecond / bare.perSecond).toFixed(2)}x`,
  );
}

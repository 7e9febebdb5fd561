// Every benchmark, several times, and BENCHMARKS.md from their figures: the machine, each figure as
// the median of every run's samples with its spread (min–max), babelgram against the bare bots, the
// budget line by line, and the findings (bench/findings.md, written by hand from the profiles).
// The benchmarks take turns, run after run, so that a busy moment on the machine hits them all.
// Run: npm run bench [-- --runs 3 --only webhook,polling --out BENCHMARKS.md]
import { execFile } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, release, totalmem } from "node:os";
import { relative, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { promisify } from "node:util";
import * as prettier from "prettier";
import { spread } from "./support/load.js";
import { option, ROOT, stringOption, type Report } from "./support/processes.js";

const run = promisify(execFile);
const RUNS = Math.max(1, option("runs", 3));
const OUT = resolve(ROOT, stringOption("out") ?? "BENCHMARKS.md");

interface Bench {
  name: string;
  script: string;
  args: string[];
}

const BENCHES: Bench[] = [
  { name: "webhook", script: "bench/webhook.ts", args: ["--rounds", "3"] },
  { name: "polling", script: "bench/polling.ts", args: [] },
  { name: "lambda", script: "bench/lambda.ts", args: [] },
  { name: "store", script: "bench/store.ts", args: [] },
  { name: "translate", script: "bench/translate.ts", args: [] },
  { name: "detect", script: "bench/detect.ts", args: [] },
  { name: "core", script: "bench/core.ts", args: [] },
];
const only = stringOption("only")?.split(",");
const benches = BENCHES.filter((bench) => only === undefined || only.includes(bench.name));

/** Runs one benchmark with --json; its report is the last line of its output that parses. */
async function runBench(bench: Bench): Promise<Report> {
  const { stdout } = await run(
    process.execPath,
    ["--import", "tsx", bench.script, ...bench.args, "--json"],
    { cwd: ROOT, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, FORCE_COLOR: "0" } },
  );
  for (const line of stdout.trim().split("\n").reverse()) {
    if (!line.startsWith("{")) continue;
    try {
      return JSON.parse(line) as Report;
    } catch {
      continue;
    }
  }
  throw new Error(`${bench.name} printed no report:\n${stdout.slice(-2000)}`);
}

const started = performance.now();
const startedAt = new Date();
const load = loadavg();
const samples = new Map<string, Map<string, number[]>>();
const metas = new Map<string, Report["meta"]>();
const seconds = new Map<string, number>();
for (let i = 0; i < RUNS; i++) {
  for (const bench of benches) {
    const at = performance.now();
    console.error(`run ${i + 1}/${RUNS}: ${bench.name}…`);
    const report = await runBench(bench);
    seconds.set(bench.name, (seconds.get(bench.name) ?? 0) + (performance.now() - at) / 1000);
    metas.set(bench.name, report.meta);
    const figures = samples.get(bench.name) ?? new Map<string, number[]>();
    for (const [key, value] of Object.entries(report.figures)) {
      figures.set(key, [...(figures.get(key) ?? []), ...(Array.isArray(value) ? value : [value])]);
    }
    samples.set(bench.name, figures);
  }
}
const minutes = (performance.now() - started) / 60_000;

// ---------------------------------------------------------------------------------------------
// Figures

interface Figure {
  median: number;
  min: number;
  max: number;
  n: number;
}

function figure(bench: string, key: string): Figure | undefined {
  const values = samples
    .get(bench)
    ?.get(key)
    ?.filter((value) => Number.isFinite(value));
  if (values === undefined || values.length === 0) return undefined;
  return { ...spread(values), n: values.length };
}

function digits(value: number): number {
  const size = Math.abs(value);
  return size >= 100 ? 0 : size >= 10 ? 1 : size >= 1 ? 2 : 3;
}
const num = (value: number, places = digits(value)) =>
  value.toLocaleString("en-US", { minimumFractionDigits: places, maximumFractionDigits: places });

/** "median (min–max)", or "—" when the benchmark did not run. */
function cell(bench: string, key: string, scale = 1, unit = ""): string {
  const found = figure(bench, key);
  if (found === undefined) return "—";
  const [median, min, max] = [found.median, found.min, found.max].map((value) => value * scale);
  // Counts stay whole numbers (a median between two of them gets one decimal).
  const counts =
    samples
      .get(bench)
      ?.get(key)
      ?.every((value) => Number.isInteger(value)) ?? false;
  const places = counts && scale === 1 ? (Number.isInteger(median) ? 0 : 1) : digits(median ?? 0);
  const whole = counts && scale === 1 ? 0 : places;
  if (found.n === 1 || min === max) return `${num(median ?? 0, places)}${unit}`;
  return `${num(median ?? 0, places)}${unit} (${num(min ?? 0, whole)}–${num(max ?? 0, whole)})`;
}

const mid = (bench: string, key: string) => figure(bench, key)?.median ?? Number.NaN;

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

// ---------------------------------------------------------------------------------------------
// Sections

function machine(): string {
  const cpuinfo = readFileSync("/proc/cpuinfo", "utf8");
  const model = /model name\s*:\s*(.+)/.exec(cpuinfo)?.[1]?.trim() ?? cpus()[0]?.model ?? "?";
  return table(
    ["", ""],
    [
      ["CPU", `${model}, ${cpus().length} cores`],
      ["Memory", `${(totalmem() / 2 ** 30).toFixed(1)} GiB`],
      ["OS", `Linux ${release()}`],
      ["Node", process.version],
      ["Date", startedAt.toISOString().replace(/\.\d+Z$/, "Z")],
      ["Load average at the start", load.map((value) => value.toFixed(2)).join(", ")],
      [
        "Runs",
        `${RUNS} of each benchmark, taking turns; took ${minutes.toFixed(1)} min (${[...seconds]
          .map(([name, s]) => `${name} ${(s / 60).toFixed(1)}`)
          .join(", ")})`,
      ],
    ],
  );
}

const CANDIDATES = [
  ["babelgram", "babelgram serve"],
  ["babelgramDefaults", "babelgram serve, node's default memory settings"],
  ["grammy", "bare grammY"],
  ["telegraf", "bare Telegraf"],
  ["babelgramPaced", "babelgram serve, paced as shipped"],
] as const;

function webhook(): string {
  const meta = metas.get("webhook");
  if (meta === undefined) return "_Not run._";
  const best = Math.max(mid("webhook", "grammy.perSecond"), mid("webhook", "telegraf.perSecond"));
  const bestName =
    mid("webhook", "grammy.perSecond") >= mid("webhook", "telegraf.perSecond")
      ? "bare grammY"
      : "bare Telegraf";
  const leastCpu = Math.min(
    mid("webhook", "grammy.cpuMsPerUpdate"),
    mid("webhook", "telegraf.cpuMsPerUpdate"),
  );
  const rows = CANDIDATES.map(([key, name]) => [
    name,
    cell("webhook", `${key}.perSecond`),
    cell("webhook", `${key}.p50Ms`),
    cell("webhook", `${key}.p99Ms`),
    cell("webhook", `${key}.cpuMsPerUpdate`),
    cell("webhook", `${key}.rssMb`),
    `${cell("webhook", `${key}.replies`)} of ${num(Number(key === "babelgramPaced" ? meta.pacedUpdates : meta.updates), 0)}`,
  ]);
  return [
    `${num(Number(meta.updates), 0)} updates posted at concurrency ${meta.concurrency} from ${meta.chats} chats (texts of the detection fixture, 13 languages), after a warm-up of 400, into each server; replies go to the local Bot API. ${meta.rounds} rounds per run, the candidates taking turns; the paced run is ${meta.pacedUpdates} updates once per run. CPU per update is the server process's user + system time (/proc) during the measured updates. babelgram runs with the node flags of \`npm start\` (package.json: a 16 MB young generation, the old one collected after growing by half); the row "node's default memory settings" runs it without them.`,
    "",
    table(
      ["server", "updates/s", "p50 ms", "p99 ms", "CPU ms/update", "peak RSS MB", "replies"],
      rows,
    ),
    "",
    `**babelgram / best of the others** (${bestName}): throughput **${num(mid("webhook", "babelgram.perSecond") / best, 2)}×**; CPU per update **${num(mid("webhook", "babelgram.cpuMsPerUpdate") / leastCpu, 2)}×** the least of theirs.`,
  ].join("\n");
}

function polling(): string {
  const meta = metas.get("polling");
  if (meta === undefined) return "_Not run._";
  return [
    `babelgram's poller in a child process (getUpdates against the local Bot API, pseudo translator, SQLite store with claims). Time from \`EmulatorClient.sendMessage\` to the reply's arrival in the local Bot API (its change events), per message.`,
    "",
    table(
      ["scenario", "p50 ms", "p99 ms", "replies/s", "replies", "chats out of order"],
      [
        [
          "1 chat, one message at a time",
          cell("polling", "one.p50Ms"),
          cell("polling", "one.p99Ms"),
          "",
          `${cell("polling", "one.replies")} of ${meta.sequential}`,
          "",
        ],
        [
          `${meta.chats} chats at once, ${meta.perChat} messages each, sent back to back`,
          cell("polling", "many.p50Ms"),
          cell("polling", "many.p99Ms"),
          cell("polling", "many.perSecond"),
          `${cell("polling", "many.replies")} of ${num(Number(meta.chats) * Number(meta.perChat), 0)}`,
          `${cell("polling", "many.disorderedChats")} of ${meta.chats}`,
        ],
      ],
    ),
    "",
    `Peak RSS of the poller: ${cell("polling", "rssMb")} MB; CPU ${cell("polling", "cpuMsPerMessage")} ms per message.`,
  ].join("\n");
}

function lambda(): string {
  const meta = metas.get("lambda");
  if (meta === undefined) return "_Not run._";
  const kib = (key: string) => cell("lambda", key, 1 / 1024, " KiB");
  return [
    `The package as AWS runs it (unzipped, a fresh \`node\` per cold start), memory store unless named, against the local Bot API; each run's median of ${meta.cold} cold starts, and of ${meta.warm} warm invocations (each to its own chat, ${meta.warmGapMs} ms apart).`,
    "",
    table(
      ["figure", "value"],
      [
        ["bundle index.js", kib("bundleBytes")],
        ["zip", kib("zipBytes")],
        ["bundle with the AWS SDK inside (--bundle-aws-sdk)", kib("bundleBytesWithSdk")],
        [
          "cold start: process start → first answer",
          cell("lambda", "cold.firstAnswerMs", 1, " ms"),
        ],
        ["· Node's own start-up", cell("lambda", "cold.bootMs", 1, " ms")],
        ["· loading index.js", cell("lambda", "cold.importMs", 1, " ms")],
        ["· the first event (init, reply sent)", cell("lambda", "cold.firstEventMs", 1, " ms")],
        [
          "· loading index.js + the first event",
          cell("lambda", "cold.importAndFirstEventMs", 1, " ms"),
        ],
        [
          "the same, English message (decodes the n-gram model)",
          cell("lambda", "coldEnglish.importAndFirstEventMs", 1, " ms"),
        ],
        [
          "the same, DynamoDB store, SDK from NODE_PATH",
          cell("lambda", "coldDynamo.importAndFirstEventMs", 1, " ms"),
        ],
        [
          "the same, DynamoDB store, SDK bundled",
          cell("lambda", "coldDynamoSdk.importAndFirstEventMs", 1, " ms"),
        ],
        ["warm invocation, reply sent", cell("lambda", "warm.replyMs", 1, " ms")],
        ["· its p99", cell("lambda", "warm.replyP99Ms", 1, " ms")],
        [
          "warm invocation, duplicate (no Telegram call)",
          cell("lambda", "warm.duplicateMs", 1, " ms"),
        ],
        [
          "bare grammY handler (its Lambda adapter), reply sent, the same way",
          cell("lambda", "warm.bareReplyMs", 1, " ms"),
        ],
        [
          "babelgram's warm overhead: reply sent, less the bare handler's",
          cell("lambda", "warm.overheadMs", 1, " ms"),
        ],
      ],
    ),
  ].join("\n");
}

function store(): string {
  const meta = metas.get("store");
  if (meta === undefined) return "_Not run._";
  const backends = ["memory", "sqlite", "postgres", "dynamodb"].filter(
    (name) => figure("store", `${name}.claimsPerSecond`) !== undefined,
  );
  return [
    `${num(Number(meta.ops), 0)} operations, ${meta.concurrency} in flight for the rates; the hot path is claim + settings read + finish for one update, one at a time. PostgreSQL ${meta.postgres ? "on 127.0.0.1" : "was not reachable"}; DynamoDB is dynalite in process.`,
    "",
    table(
      ["backend", "claims/s", "cache reads/s", "hot path p50 ms", "hot path p99 ms"],
      backends.map((name) => [
        name === "dynamodb" ? "dynamodb (dynalite)" : name,
        cell("store", `${name}.claimsPerSecond`),
        cell("store", `${name}.cacheReadsPerSecond`),
        cell("store", `${name}.hotPathP50Ms`),
        cell("store", `${name}.hotPathP99Ms`),
      ]),
    ),
  ].join("\n");
}

function translate(): string {
  const meta = metas.get("translate");
  if (meta === undefined) return "_Not run._";
  return [
    `${num(Number(meta.chats) * Number(meta.perChat), 0)} messages from ${meta.chats} chats at once, half of them ${meta.commonPhrases} common phrases; provider stand-ins answer in ${meta.latencyMs} ms; memory store, Telegram in process.`,
    "",
    table(
      [
        "translator",
        "provider calls",
        "texts sent",
        "texts sent twice",
        "cache hits %",
        "p50 ms",
        "p99 ms",
        "burst s",
      ],
      ["papago", "deepl"].map((name) => [
        name,
        cell("translate", `${name}.providerCalls`),
        cell("translate", `${name}.textsSent`),
        cell("translate", `${name}.textsSentTwice`),
        cell("translate", `${name}.cacheHitPercent`),
        cell("translate", `${name}.p50Ms`),
        cell("translate", `${name}.p99Ms`),
        cell("translate", `${name}.burstSeconds`),
      ]),
    ),
  ].join("\n");
}

function detect(): string {
  const meta = metas.get("detect");
  if (meta === undefined) return "_Not run._";
  return table(
    ["figure", "value"],
    [
      ["messages (languages)", `${meta.messages} (${meta.languages})`],
      ["accuracy", cell("detect", "accuracy", 100, "%")],
      ["time per message", cell("detect", "microsecondsPerMessage", 1, " µs")],
      ["wrong but confident", cell("detect", "wrongButConfident")],
      ["right but unsure (sent to the provider as auto)", cell("detect", "rightButUnsure")],
    ],
  );
}

function core(): string {
  const meta = metas.get("core");
  if (meta === undefined) return "_Not run._";
  return [
    `The webhook core and the bot in one process, Telegram answered by a stub instead of the Bot API transport, no HTTP: ${num(Number(meta.updates), 0)} updates per round at concurrency ${meta.concurrency} from ${meta.chats} chats, ${meta.rounds} rounds per run. What babelgram itself does per update, apart from HTTP in and out, against a bare grammY bot's one reply handler.`,
    "",
    table(
      ["what", "CPU µs/update"],
      [
        [
          "babelgram: core, claims, settings, detection, cache, reply (library)",
          cell("core", "babelgram.cpuUsPerUpdate"),
        ],
        ["the same, supervised as the CLI runs it", cell("core", "supervised.cpuUsPerUpdate")],
        ["bare grammY, one reply handler", cell("core", "grammy.cpuUsPerUpdate")],
      ],
    ),
  ].join("\n");
}

interface Line {
  what: string;
  budget: string;
  measured: string;
  pass: boolean | undefined;
}

function budget(): string {
  const best = Math.max(mid("webhook", "grammy.perSecond"), mid("webhook", "telegraf.perSecond"));
  const ratio = mid("webhook", "babelgram.perSecond") / best;
  const check = (value: number, ok: (value: number) => boolean) =>
    Number.isFinite(value) ? ok(value) : undefined;
  const lines: Line[] = [
    {
      what: "Webhook throughput (babelgram serve / best bare bot)",
      budget: "≥ 1.0×",
      measured: Number.isFinite(ratio) ? `${num(ratio, 2)}×` : "—",
      pass: check(ratio, (value) => value >= 1),
    },
    {
      what: "Webhook p99 at concurrency 40",
      budget: "< 50 ms",
      measured: cell("webhook", "babelgram.p99Ms", 1, " ms"),
      pass: check(mid("webhook", "babelgram.p99Ms"), (value) => value < 50),
    },
    {
      what: "Polling p50 end to end, 1 chat",
      budget: "< 10 ms",
      measured: cell("polling", "one.p50Ms", 1, " ms"),
      pass: check(mid("polling", "one.p50Ms"), (value) => value < 10),
    },
    {
      what: "Polling per-chat order at 100 chats",
      budget: "kept in every chat",
      measured: cell("polling", "many.disorderedChats", 1, " chats out of order"),
      pass: check(figure("polling", "many.disorderedChats")?.max ?? Number.NaN, (v) => v === 0),
    },
    {
      what: "Lambda bundle (index.js)",
      budget: "< 1 MB (10⁶ bytes)",
      measured: cell("lambda", "bundleBytes", 1e-6, " MB"),
      pass: check(mid("lambda", "bundleBytes"), (value) => value < 1e6),
    },
    {
      what: "Lambda cold start (loading index.js + first event), median",
      budget: "< 150 ms",
      measured: cell("lambda", "cold.importAndFirstEventMs", 1, " ms"),
      pass: check(mid("lambda", "cold.importAndFirstEventMs"), (value) => value < 150),
    },
    {
      what: "Lambda warm invocation overhead (reply sent, less a bare grammY handler's)",
      budget: "< 2 ms",
      measured: `${cell("lambda", "warm.overheadMs", 1, " ms")}; in all ${cell("lambda", "warm.replyMs", 1, " ms")}`,
      pass: check(mid("lambda", "warm.overheadMs"), (value) => value < 2),
    },
    {
      what: "Peak RSS under webhook load (highest of every round)",
      budget: "< 120 MB",
      measured: cell("webhook", "babelgram.rssMb", 1, " MB"),
      pass: check(figure("webhook", "babelgram.rssMb")?.max ?? Number.NaN, (value) => value < 120),
    },
  ];
  return table(
    ["line", "budget", "measured: median (min–max)", ""],
    lines.map((line) => [
      line.what,
      line.budget,
      line.measured,
      line.pass === undefined ? "not run" : line.pass ? "pass" : "**fail**",
    ]),
  );
}

const findings = readFileSync(`${ROOT}bench/findings.md`, "utf8").trim();
const markdown = `# Benchmarks

Written by \`npm run bench\` (bench/all.ts) on ${startedAt.toISOString().slice(0, 10)}; do not edit by hand: the findings come from bench/findings.md. Every figure is the median of every sample of every run, with the lowest and highest in brackets. Throughput and latency swing with whatever else the machine runs; CPU per update is steadier.

## Machine

${machine()}

## Budget

${budget()}

## Webhook server against bare framework bots

${webhook()}

## Long polling, end to end

${polling()}

## AWS Lambda package

${lambda()}

## Stores

${store()}

## Translation cache and batching

${translate()}

## Offline language detection

${detect()}

## babelgram's own work per update, without HTTP

${core()}

${findings}
`;

const options = (await prettier.resolveConfig(OUT)) ?? {};
const formatted = await prettier.format(markdown, { ...options, parser: "markdown" });
writeFileSync(OUT, formatted);
console.error(`wrote ${relative(process.cwd(), OUT)} in ${minutes.toFixed(1)} min`);

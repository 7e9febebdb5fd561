// Size and speed of the AWS Lambda package: builds it (scripts/package-lambda.mjs, into a temporary
// folder), then runs the unzipped handler in fresh `node` processes, as Lambda would, against the
// local Bot API with the zero-latency pseudo translator. Cold start = a fresh process loading
// index.js and answering its first event (a reply is sent). Also: the same with the DynamoDB store
// (dynalite), with the AWS SDK taken from node_modules through NODE_PATH as the nodejs24.x runtime
// provides it, and with the SDK bundled in (--bundle-aws-sdk), which is why it is left out.
// Warm invocations go to different chats, 40 ms apart: babelgram paces its replies under Telegram's
// limits (about one a second per chat after 3, 30 a second per bot), and faster, in one chat, they
// would measure that pacing rather than the handler.
// Run: npx tsx bench/lambda.ts (npm run bench:lambda). Options: --cold N (default 10), --warm N (200),
// --json.
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import dynalite from "dynalite";
import { EmulatorClient } from "../src/emulator/client.js";
import { startEmulator } from "../src/emulator/index.js";
import { openStore } from "../src/store/index.js";
import { lambdaEvent, messageUpdate } from "../test/support/lambda-events.js";
import {
  invokeInFreshNode,
  packageLambda,
  unzipPackage,
  type Packaged,
} from "../test/support/lambda-package.js";
import { percentile, spread } from "./support/load.js";

const { values } = parseArgs({
  options: {
    cold: { type: "string", default: "10" },
    warm: { type: "string", default: "200" },
    json: { type: "boolean", default: false },
  },
});
const WARM_GAP_MS = 40;

// The floor for the warm figure: the same job written the obvious way with grammY's own Lambda
// adapter (CommonJS, grammY from NODE_PATH), run by the same runner with the same events. What
// babelgram takes beyond it is its overhead.
const BARE_GRAMMY_HANDLER = `
const { Bot, webhookCallback } = require("grammy");
const bot = new Bot(process.env.TELEGRAM_BOT_TOKEN, {
  client: { apiRoot: process.env.TELEGRAM_API_ROOT },
  botInfo: { id: Number(process.env.TELEGRAM_BOT_TOKEN.split(":")[0]), is_bot: true, first_name: "bench", username: process.env.TELEGRAM_BOT_USERNAME },
});
bot.on("message:text", (ctx) =>
  ctx.reply("[auto→en] " + ctx.message.text, {
    reply_parameters: { message_id: ctx.message.message_id, allow_sending_without_reply: true },
  }),
);
exports.handler = webhookCallback(bot, "aws-lambda-async", { secretToken: process.env.WEBHOOK_SECRET });
`;
const coldRuns = Math.max(1, Number(values.cold));
const warmRuns = Math.max(1, Number(values.warm));

const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 1)} ms`;
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

// Shaped like @BotFather's (test/support/world.ts has the same, but imports vitest).
const token = `${100_000_000 + Math.floor(Math.random() * 800_000_000)}:AA${randomBytes(24).toString("base64url").slice(0, 33)}`;
const secret = "bench-secret_0123456789abcdef";
const outdir = mkdtempSync(join(tmpdir(), "babelgram-bench-package-"));
const emulator = await startEmulator({
  bots: [{ token, username: "babelgram_bench_bot", first_name: "babelgram bench" }],
});
const dynamo = dynalite({ createTableMs: 0 });
await new Promise<void>((resolve) => dynamo.listen(0, "127.0.0.1", resolve));
const aws = {
  AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${(dynamo.address() as AddressInfo).port}`,
  AWS_ACCESS_KEY_ID: "bench-key-id",
  AWS_SECRET_ACCESS_KEY: "bench-secret",
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
};
const dynamoUrl = "dynamodb:babelgram-bench?region=us-east-1";

interface Cold {
  firstAnswer: number[];
  boot: number[];
  load: number[];
  firstEvent: number[];
  wall: number[];
}

try {
  const [packaged, packagedSdk] = await Promise.all([
    packageLambda(join(outdir, "external-sdk")),
    packageLambda(join(outdir, "bundled-sdk"), { bundleAwsSdk: true }),
  ]);
  const taskDir = unzipPackage(packaged.zipPath, join(outdir, "task"));
  const taskDirSdk = unzipPackage(packagedSdk.zipPath, join(outdir, "task-sdk"));
  Object.assign(process.env, aws);
  const store = await openStore(dynamoUrl);
  await store.migrate();
  await store.close();

  const client = new EmulatorClient(emulator.url, token);
  const user = await client.createUser({ first_name: "Minsu", language_code: "ko" });
  let updateId = 1;
  const say = async (text: string, from = user) => {
    const sent = await client.sendMessage({ chat_id: from.id, from_id: from.id, text });
    return () =>
      lambdaEvent(
        "http-v2",
        JSON.stringify(
          messageUpdate({ updateId: updateId++, messageId: sent.message_id, user: from, text }),
        ),
        secret,
      );
  };
  // Korean is told by its script; a Latin-script message also decodes the n-gram model (on first use).
  const korean = await say("안녕하세요, 오늘 날씨가 정말 좋네요");
  const english = await say("Could you tell me where the station is?");
  const env = {
    TELEGRAM_BOT_TOKEN: token,
    TELEGRAM_API_ROOT: emulator.url,
    TELEGRAM_BOT_USERNAME: "babelgram_bench_bot",
    WEBHOOK_SECRET: secret,
    STORE_URL: "memory:",
    TRANSLATOR: "pseudo",
    LOG_LEVEL: "warn",
    AWS_LAMBDA_FUNCTION_NAME: "babelgram-bench",
  };
  // What the nodejs24.x runtime gives: the SDK on NODE_PATH.
  const nodeModules = fileURLToPath(new URL("../node_modules", import.meta.url));
  const dynamoEnv = { ...env, ...aws, STORE_URL: dynamoUrl, NODE_PATH: nodeModules };

  const coldRun = async (
    dir: string,
    pkg: Packaged,
    makeEvent: () => unknown,
    runEnv: Record<string, string>,
  ): Promise<Cold> => {
    const cold: Cold = { firstAnswer: [], boot: [], load: [], firstEvent: [], wall: [] };
    for (let i = 0; i < coldRuns; i++) {
      const started = performance.now();
      const run = await invokeInFreshNode(dir, pkg.handler, [makeEvent()], runEnv);
      cold.wall.push(performance.now() - started);
      const status = run.results[0]?.statusCode;
      if (status !== 200) throw new Error(`a cold run answered ${status}: ${run.stdout}`);
      cold.firstAnswer.push(run.firstAnswerMs);
      cold.boot.push(run.bootMs);
      cold.load.push(run.importMs);
      cold.firstEvent.push(run.invokeMs[0] ?? 0);
    }
    return cold;
  };
  const cold = await coldRun(taskDir, packaged, korean, env);
  const coldEnglish = await coldRun(taskDir, packaged, english, env);
  const coldDynamo = await coldRun(taskDir, packaged, korean, dynamoEnv);
  const coldDynamoSdk = await coldRun(taskDirSdk, packagedSdk, korean, {
    ...dynamoEnv,
    NODE_PATH: "",
  });

  // Warm: one process, one warm-up event, then warmRuns deliveries that each send a reply (each in
  // its own chat), then the same number of re-deliveries (duplicates: no Telegram call, only the
  // adapter and the core).
  const replies: unknown[] = [];
  for (let i = 0; i <= warmRuns; i++) {
    const from = await client.createUser({ first_name: `Warm ${i}`, language_code: "ko" });
    replies.push((await say("안녕하세요, 오늘 날씨가 정말 좋네요", from))());
  }
  const duplicates = replies.slice(1);
  const warm = await invokeInFreshNode(
    taskDir,
    packaged.handler,
    [...replies, ...duplicates],
    env,
    {
      gapMs: WARM_GAP_MS,
    },
  );
  const bad = warm.results.filter((result) => result.statusCode !== 200);
  if (bad.length > 0) throw new Error(`${bad.length} warm invocations did not answer 200`);
  // The bare grammY handler, fed the same deliveries again (new update ids, same chats).
  const bareDir = join(outdir, "bare-grammy");
  mkdirSync(bareDir);
  writeFileSync(join(bareDir, "index.js"), BARE_GRAMMY_HANDLER);
  const bareReplies: unknown[] = [];
  for (let i = 0; i <= warmRuns; i++) {
    const from = await client.createUser({ first_name: `Bare ${i}`, language_code: "ko" });
    bareReplies.push((await say("안녕하세요, 오늘 날씨가 정말 좋네요", from))());
  }
  const bare = await invokeInFreshNode(
    bareDir,
    "index.handler",
    bareReplies,
    { ...env, NODE_PATH: nodeModules },
    { gapMs: WARM_GAP_MS },
  );
  if (bare.results.some((result) => result.statusCode !== 200)) {
    throw new Error(`the bare grammY handler failed: ${bare.stderr}`);
  }

  const warmReply = warm.invokeMs.slice(1, warmRuns + 1);
  const warmDuplicate = warm.invokeMs.slice(warmRuns + 1);
  const bareReply = bare.invokeMs.slice(1);
  // The budget's cold start: loading index.js and answering the first event, in a fresh process.
  const importAndFirst = (run: Cold) => run.load.map((load, i) => load + (run.firstEvent[i] ?? 0));

  if (values.json) {
    console.log(
      JSON.stringify({
        bench: "lambda",
        meta: { cold: coldRuns, warm: warmRuns, warmGapMs: WARM_GAP_MS },
        figures: {
          bundleBytes: packaged.bundleBytes,
          zipBytes: packaged.zipBytes,
          bundleBytesWithSdk: packagedSdk.bundleBytes,
          "cold.firstAnswerMs": spread(cold.firstAnswer).median,
          "cold.bootMs": spread(cold.boot).median,
          "cold.importMs": spread(cold.load).median,
          "cold.firstEventMs": spread(cold.firstEvent).median,
          "cold.importAndFirstEventMs": spread(importAndFirst(cold)).median,
          "coldEnglish.importAndFirstEventMs": spread(importAndFirst(coldEnglish)).median,
          "coldDynamo.importAndFirstEventMs": spread(importAndFirst(coldDynamo)).median,
          "coldDynamoSdk.importAndFirstEventMs": spread(importAndFirst(coldDynamoSdk)).median,
          "warm.replyMs": spread(warmReply).median,
          "warm.replyP99Ms": percentile(
            [...warmReply].sort((a, b) => a - b),
            99,
          ),
          "warm.duplicateMs": spread(warmDuplicate).median,
          "warm.bareReplyMs": spread(bareReply).median,
          "warm.overheadMs": spread(warmReply).median - spread(bareReply).median,
        },
      }),
    );
  } else {
    const rows: string[][] = [];
    const add = (name: string, samples: number[]) => {
      const { median, min, max } = spread(samples);
      rows.push([name, ms(median), ms(min), ms(max)]);
    };
    add(`cold start: process start -> first answer (${coldRuns} runs)`, cold.firstAnswer);
    add("  node's own start-up", cold.boot);
    add("  loading index.js", cold.load);
    add("  the first event (init, reply sent)", cold.firstEvent);
    add("  loading index.js + the first event", importAndFirst(cold));
    add("  seen from outside (spawn -> exit)", cold.wall);
    add("cold start, English message (decodes the n-gram model)", coldEnglish.firstAnswer);
    add("  the first event (init, reply sent)", coldEnglish.firstEvent);
    add("  loading index.js + the first event", importAndFirst(coldEnglish));
    add("cold start, DynamoDB store, SDK from NODE_PATH", coldDynamo.firstAnswer);
    add("  loading index.js", coldDynamo.load);
    add("  the first event (init, reply sent)", coldDynamo.firstEvent);
    add("cold start, DynamoDB store, SDK bundled", coldDynamoSdk.firstAnswer);
    add("  loading index.js", coldDynamoSdk.load);
    add("  the first event (init, reply sent)", coldDynamoSdk.firstEvent);
    add(`warm invocation, reply sent (${warmRuns} chats, ${WARM_GAP_MS} ms apart)`, warmReply);
    add(`warm invocation, duplicate (${warmRuns})`, warmDuplicate);
    add(`bare grammY handler, reply sent (${warmRuns}, the same way)`, bareReply);

    console.log(`babelgram Lambda package (Node ${process.version}, ${process.arch})\n`);
    console.log(`bundle index.js  ${kib(packaged.bundleBytes)}`);
    console.log(`zip              ${kib(packaged.zipBytes)}`);
    console.log(
      `with the AWS SDK bundled (--bundle-aws-sdk): ${kib(packagedSdk.bundleBytes)}, zip ${kib(packagedSdk.zipBytes)}\n`,
    );
    const width = Math.max(...rows.map((row) => row[0]?.length ?? 0));
    const header = ["", "median", "min", "max"];
    for (const [name = "", ...figures] of [header, ...rows]) {
      console.log(
        `${name.padEnd(width)}  ${figures.map((figure) => figure.padStart(9)).join("  ")}`,
      );
    }
  }
} finally {
  await emulator.close();
  await new Promise((resolve) => dynamo.close(resolve));
  rmSync(outdir, { recursive: true, force: true });
}

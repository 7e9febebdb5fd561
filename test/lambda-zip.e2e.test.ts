// The deployable package itself: `scripts/package-lambda.mjs` builds the zip into a temp folder, the
// zip is unzipped into an empty folder (no node_modules: a bundling mistake fails here) and its
// handler, named as infra/template.yaml names it, answers the three kinds of event in a fresh `node`
// process, against the local Bot API and the Papago stand-in running in this process. With
// LAMBDA_NODE (a node binary; CI sets it) that process runs the Node.js of the Lambda runtime.
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lambdaEvent, messageUpdate, type EventKind } from "./support/lambda-events.js";
import {
  invokeInFreshNode,
  packageLambda,
  packageScript,
  unzipPackage,
  type Packaged,
} from "./support/lambda-package.js";
import { LAMBDA_NODE } from "./support/nodes.js";
import { readSamTemplate } from "./support/sam-template.js";
import { PAPAGO_ID, PAPAGO_SECRET, useWorld } from "./support/world.js";

const env = useWorld();
const SECRET = `zip-secret_${randomBytes(8).toString("hex")}`;
const KINDS: EventKind[] = ["rest-v1", "http-v2-base64", "function-url"];
let outdir: string;
let taskDir: string;
let packaged: Packaged;

/** The function's environment, as the template would set it, pointed at this process's stand-ins. */
function handlerEnv(): Record<string, string> {
  const { emulator, papago } = env.world;
  return {
    TELEGRAM_BOT_TOKEN: env.world.token,
    TELEGRAM_API_ROOT: emulator.url,
    TELEGRAM_BOT_USERNAME: "babelgram_test_bot",
    WEBHOOK_SECRET: SECRET,
    // A broken Telegram client answers 503 in time instead of outliving the test.
    WEBHOOK_BUDGET_MS: "3000",
    PAPAGO_CLIENT_ID: PAPAGO_ID,
    PAPAGO_CLIENT_SECRET: PAPAGO_SECRET,
    PAPAGO_API_URL: papago.url,
    AWS_LAMBDA_FUNCTION_NAME: "babelgram-test",
    LOG_LEVEL: "info",
  };
}

/** The handler as the SAM template names it (Resources.*.Properties.Handler). */
function templateHandler(): string {
  const { Resources } = readSamTemplate();
  const fn = Object.values(Resources).find((r) => r.Type === "AWS::Serverless::Function");
  const handler = fn?.Properties.Handler;
  if (typeof handler !== "string") throw new Error("no function handler in the template");
  return handler;
}

beforeAll(async () => {
  outdir = mkdtempSync(join(tmpdir(), "babelgram-package-"));
  packaged = await packageLambda(outdir);
  taskDir = unzipPackage(packaged.zipPath);
});

afterAll(() => {
  for (const dir of [outdir, taskDir]) if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("the Lambda zip", () => {
  it("holds one file, the handler the template names", () => {
    const handler = templateHandler();
    expect(handler).toBe(packaged.handler);
    expect(readdirSync(taskDir)).toEqual([`${handler.split(".")[0]}.js`]);
    expect(packaged.bundleBytes).toBeGreaterThan(0);
  });

  it("answers REST, HTTP API (base64) and Function URL events in a fresh node, and the replies arrive", async () => {
    const { client, papago } = env.world;
    const users = [];
    const events = [];
    for (const [i, kind] of KINDS.entries()) {
      const user = await client.createUser({ first_name: `Minsu ${i}`, language_code: "ko" });
      const text = `안녕하세요, ${kind} 이벤트입니다`;
      const sent = await client.sendMessage({ chat_id: user.id, from_id: user.id, text });
      const update = messageUpdate({ updateId: 9000 + i, messageId: sent.message_id, user, text });
      users.push({ user, text });
      events.push(lambdaEvent(kind, JSON.stringify(update), SECRET));
    }
    // The same update again (a re-delivery) and a wrong secret.
    events.push(events[0], {
      ...(events[1] as object),
      headers: { "x-telegram-bot-api-secret-token": "x" },
    });

    const run = await invokeInFreshNode(taskDir, templateHandler(), events, handlerEnv(), {
      node: LAMBDA_NODE,
    });
    expect(run.results.map((result) => result.statusCode)).toEqual([200, 200, 200, 200, 401]);
    for (const result of run.results) expect(typeof result.body).toBe("string");
    for (const { user, text } of users) {
      const replies = await client.waitForBotMessages({ chat_id: user.id, count: 1 });
      expect(replies.map((reply) => reply.text)).toEqual([`en:${text}`]);
    }
    expect(await client.calls({ method: "getMe" })).toEqual([]);
    expect(papago.requests).toHaveLength(3);
    // The token and the secrets never reach the log.
    expect(run.stdout).not.toContain(env.world.token.split(":")[1]);
    expect(run.stdout).not.toContain(SECRET);
  });

  it.skipIf(LAMBDA_NODE === undefined)(
    "runs on the Node.js the package is built for (LAMBDA_NODE; unset, the handler runs on this node)",
    async () => {
      const { NODE_MAJOR } = await packageScript();
      // A delivery with a wrong secret: answered without Telegram.
      const event = lambdaEvent("function-url", "{}", "not-the-secret");
      const run = await invokeInFreshNode(taskDir, templateHandler(), [event], handlerEnv(), {
        node: LAMBDA_NODE,
      });
      expect(run.results.map((result) => result.statusCode)).toEqual([401]);
      expect(run.node.split(".")[0]).toBe(`v${NODE_MAJOR}`);
    },
  );
});

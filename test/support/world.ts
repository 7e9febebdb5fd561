// A complete offline world for end-to-end tests: the local Bot API, a Papago stand-in, and the
// babelgram bot polling against them in this process, with its logs captured.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, afterEach, beforeAll } from "vitest";
import { createBot } from "../../src/bot/index.js";
import { EmulatorClient } from "../../src/emulator/client.js";
import { startEmulator, type EmulatorOptions } from "../../src/emulator/index.js";
import { createLogger } from "../../src/log.js";
import type { FlowControlOptions } from "../../src/runtime/flow-control.js";
import { runPolling, type PollingOptions } from "../../src/runtime/polling.js";
import type { UpdateClaims } from "../../src/runtime/update-claims.js";
import { claimsFromStore } from "../../src/store/claims.js";
import { openSqliteStore } from "../../src/store/sqlite.js";
import { loadSqliteDriver } from "../../src/store/sqlite-driver.js";
import { createPapagoTranslator } from "../../src/translate/papago.js";
import { startPapagoStandIn } from "../stand-ins/papago.js";

export const PAPAGO_ID = "test-client-id";
export const PAPAGO_SECRET = `papago-secret-${randomBytes(6).toString("hex")}`;

/** A token shaped like @BotFather's, made at run time so that nothing token-like is committed. */
const sqliteDriver = await loadSqliteDriver();

export function makeToken(): string {
  const id = 100_000_000 + Math.floor(Math.random() * 800_000_000);
  return `${id}:AA${randomBytes(24).toString("base64url").slice(0, 33)}`;
}

export async function startWorld(options: { emulator?: Omit<EmulatorOptions, "bots"> } = {}) {
  const token = makeToken();
  const emulator = await startEmulator({
    ...options.emulator,
    bots: [{ token, username: "babelgram_test_bot", first_name: "babelgram test" }],
  });
  const papago = await startPapagoStandIn({ clientId: PAPAGO_ID, clientSecret: PAPAGO_SECRET });
  const dir = mkdtempSync(join(tmpdir(), "babelgram-e2e-"));
  const client = new EmulatorClient(emulator.url, token);
  return {
    token,
    emulator,
    papago,
    client,
    dir,
    storeUrl: `sqlite:${join(dir, "bot.db")}`,
    /** Env for running the babelgram CLI as a child process against this world. */
    env(extra: Record<string, string> = {}): Record<string, string> {
      return {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "",
        TELEGRAM_BOT_TOKEN: token,
        TELEGRAM_API_ROOT: emulator.url,
        PAPAGO_CLIENT_ID: PAPAGO_ID,
        PAPAGO_CLIENT_SECRET: PAPAGO_SECRET,
        PAPAGO_API_URL: papago.url,
        STORE_URL: `sqlite:${join(dir, "bot.db")}`,
        LOG_LEVEL: "info",
        ...extra,
      };
    },
    async close() {
      await emulator.close();
      await papago.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type World = Awaited<ReturnType<typeof startWorld>>;

/** Polling options a test may set; `claims: "store"` claims updates in the bot's SQLite store. */
export type TestPolling = Pick<PollingOptions, "concurrency" | "leaseMs" | "claimBackoff"> & {
  claims?: UpdateClaims | "store";
};

/** Runs the bot with long polling in this process until stop(); logs are kept in `logs`. */
export function startBot(
  world: World,
  options: {
    storeUrl?: string;
    timeoutMs?: number;
    polling?: TestPolling;
    flowControl?: FlowControlOptions | false;
  } = {},
) {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const logger = createLogger({
    level: "debug",
    secrets: [world.token, PAPAGO_SECRET],
    destination,
  });
  const store = openSqliteStore((options.storeUrl ?? world.storeUrl).replace(/^sqlite:/, ""), {
    driver: sqliteDriver,
  });
  const translator = createPapagoTranslator({
    clientId: PAPAGO_ID,
    clientSecret: PAPAGO_SECRET,
    apiUrl: world.papago.url,
    timeoutMs: options.timeoutMs ?? 2000,
  });
  const bot = createBot({
    token: world.token,
    apiRoot: world.emulator.url,
    translator,
    store,
    logger,
    languages: { home: "ko", foreign: "en" },
    ...(options.flowControl === undefined ? {} : { flowControl: options.flowControl }),
  });
  const controller = new AbortController();
  let stopping: Promise<void> | undefined;
  const { claims, ...polling } = options.polling ?? {};
  const running = runPolling({
    ...polling,
    ...(claims === undefined
      ? {}
      : { claims: claims === "store" ? claimsFromStore(store) : claims }),
    bot,
    logger,
    signal: controller.signal,
    timeoutSeconds: 5,
    backoff: { baseMs: 50, capMs: 200 },
    handling: { backoff: { baseMs: 50, capMs: 200 } },
  });
  return {
    logs: lines,
    running,
    stop() {
      stopping ??= (async () => {
        controller.abort();
        await running;
        await store.close();
      })();
      return stopping;
    },
  };
}

export type RunningBot = ReturnType<typeof startBot>;

/**
 * One world for a test file: started before the first test, closed after the last; bots started
 * through it are stopped, and the emulator and the Papago stand-in reset, after each test.
 */
export function useWorld() {
  let world: World | undefined;
  const bots: RunningBot[] = [];
  beforeAll(async () => {
    world = await startWorld();
  });
  afterEach(async () => {
    for (const bot of bots.splice(0)) await bot.stop();
    await world?.client.reset();
    world?.papago.reset();
  });
  afterAll(async () => {
    await world?.close();
  });
  return {
    get world(): World {
      if (world === undefined) throw new Error("useWorld(): the world starts in beforeAll");
      return world;
    },
    startBot(options?: Parameters<typeof startBot>[1]): RunningBot {
      const bot = startBot(this.world, options);
      bots.push(bot);
      return bot;
    },
  };
}

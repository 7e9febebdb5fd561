// Secrets never leave the process: `babelgram serve` and `babelgram start` run as processes at
// LOG_LEVEL=debug through every error path there is (wrong secrets, malformed and oversize bodies,
// handlers crashing on wrong types, Papago failing, Telegram answering 401/429/5xx and dropping
// connections, the store going away, crashes at start), and not one byte of their output, nor of
// /metrics, holds the bot token (whole, or its secret part), the webhook secret, the metrics token,
// the Papago secret or the database password.
//
// No babelgram command prints its configuration; `store check` shows STORE_URL without its password
// (test/cli-store.e2e.test.ts), and `webhook set` prints a secret only when it made a fresh one.
import { Api } from "grammy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HANDLED_UPDATE_TYPES } from "../src/bot/index.js";
import { runCli, spawnCli, type Running } from "./support/cli.js";
import { usePostgres } from "./support/postgres.js";
import { startTcpProxy, type TcpProxy } from "./support/tcp-proxy.js";
import { makeToken, PAPAGO_SECRET, startWorld, type World } from "./support/world.js";

const SECRET = "secrets_test_webhook-secret_7f3a9c";
const METRICS_TOKEN = "secrets-test-metrics-token-51d2e8";
const DB_PASSWORD = "db-password-9e41c7b2";
const postgres = await usePostgres("The store failure part of the secrets test");
let world: World;
let proxy: TcpProxy | undefined;
let api: Api;

beforeAll(async () => {
  world = await startWorld({ emulator: { webhookRetryBaseMs: 50, webhookRetryCapMs: 200 } });
  api = new Api(world.token, { apiRoot: world.emulator.url });
  if (postgres.skipReason === undefined) {
    proxy = await startTcpProxy({ host: "127.0.0.1", port: 5432 });
  }
});
afterAll(async () => {
  await proxy?.close();
  await world.close();
});

/** Every form a secret could leak in: as it is, URL-encoded, and the token's secret part alone. */
function leaks(output: string): string[] {
  const tokenSecret = world.token.split(":")[1] ?? world.token;
  const secrets = [world.token, tokenSecret, SECRET, METRICS_TOKEN, PAPAGO_SECRET, DB_PASSWORD];
  return secrets.flatMap((secret) =>
    [secret, encodeURIComponent(secret)].filter((form) => output.includes(form)),
  );
}

/** The store: PostgreSQL behind a proxy that can be cut, with a password; else a SQLite file. */
function storeUrl(): string {
  if (proxy === undefined) return world.storeUrl;
  const url = new URL(postgres.url());
  url.password = DB_PASSWORD;
  url.port = String(proxy.port);
  return url.toString();
}

async function waitFor(running: Running, pattern: RegExp, what: string): Promise<RegExpExecArray> {
  for (let waited = 0; ; waited += 50) {
    const match = pattern.exec(running.output());
    if (match !== null) return match;
    if (waited > 15_000) throw new Error(`${what} not seen in:\n${running.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function userSays(text: string) {
  const user = await world.client.createUser({ first_name: "Leak", language_code: "en" });
  await world.client.sendMessage({ chat_id: user.id, from_id: user.id, text });
  return user;
}

describe("no secret in any output, at debug level", () => {
  it("babelgram serve, through every error path", async () => {
    await world.client.reset();
    world.papago.reset();
    const running = spawnCli(["serve", "--host", "127.0.0.1", "--port", "0"], {
      env: world.env({
        LOG_LEVEL: "debug",
        WEBHOOK_SECRET: SECRET,
        METRICS_TOKEN,
        STORE_URL: storeUrl(),
        WEBHOOK_BUDGET_MS: "1000",
      }),
      cwd: world.dir,
    });
    try {
      const url = (await waitFor(running, /at (http:\/\/[^ ]+)\/telegram/, "the server's URL"))[1];
      await api.setWebhook(`${url}/telegram`, {
        secret_token: SECRET,
        allowed_updates: [...HANDLED_UPDATE_TYPES],
      });
      const post = (body: string, secret: string | null = SECRET) =>
        fetch(`${url}/telegram`, {
          method: "POST",
          headers: secret === null ? {} : { "x-telegram-bot-api-secret-token": secret },
          body,
        });

      // Refused deliveries: wrong, partial and missing secrets; bodies that are not updates.
      for (const wrong of ["nope", SECRET.slice(0, -1), `${SECRET}x`, null]) {
        expect({ wrong, status: (await post("{}", wrong)).status }).toEqual({ wrong, status: 401 });
      }
      expect((await post("{not json")).status).toBe(400);
      expect((await post('{"update_id":-1}')).status).toBe(400);
      expect((await post("x".repeat(1024 * 1024 + 1))).status).toBe(413);
      // A handler crashing on a wrong type, with the secret in the request's headers.
      const crash = await post(
        JSON.stringify({
          update_id: 777_000_001,
          message: { message_id: 1, date: 0, chat: { id: 1, type: "private" }, text: ["x"] },
        }),
      );
      expect(crash.status).toBe(200);
      // /metrics: refused without the token, served with it, never showing a secret.
      expect((await fetch(`${url}/metrics`)).status).toBe(401);
      expect(
        (await fetch(`${url}/metrics`, { headers: { authorization: "Bearer wrong" } })).status,
      ).toBe(401);

      // Papago failing, then Telegram: 500 twice, a 429, a dropped connection (grammY's own client
      // names the request URL, token included, in that error; babelgram's transport does not), a
      // 401, and a 502.
      world.papago.failNext(1, "auth");
      world.papago.failNext(1, "internal");
      const first = await userSays("Papago fails for this one");
      await world.client.waitForBotMessages({ chat_id: first.id, count: 1 });
      await world.client.injectFault({ method: "sendMessage", count: 2, error_code: 500 });
      await world.client.injectFault({ method: "sendMessage", error_code: 429, retry_after: 1 });
      const second = await userSays("Telegram fails for this one");
      await world.client.waitForBotMessages({ chat_id: second.id, count: 1, timeout_ms: 15_000 });
      await world.client.injectFault({ method: "sendMessage", drop: true });
      const third = await userSays("The connection drops for this one");
      await world.client.waitForBotMessages({ chat_id: third.id, count: 1, timeout_ms: 15_000 });
      await world.client.injectFault({ method: "sendMessage", error_code: 401 });
      await world.client.injectFault({ method: "sendMessage", error_code: 502 });
      await userSays("Telegram refuses the token for this one");
      await waitFor(running, /"errorCode":401|401 Unauthorized/, "the 401");

      // The store goes away for a while, and comes back.
      if (proxy !== undefined) {
        await proxy.cut({ waitMs: 0 });
        const fourth = await userSays("The store is away for this one");
        await waitFor(running, /cannot take the update now/, "the store failure");
        await sleep(1500);
        await proxy.restore();
        await world.client.waitForBotMessages({
          chat_id: fourth.id,
          count: 1,
          timeout_ms: 20_000,
        });
      }

      const metrics = await fetch(`${url}/metrics`, {
        headers: { authorization: `Bearer ${METRICS_TOKEN}` },
      });
      expect(metrics.status).toBe(200);
      const text = await metrics.text();
      expect(text).toMatch(/babelgram_updates_total\{result="rejected"\} [1-9]/);
      expect(leaks(text)).toEqual([]);

      running.child.kill("SIGTERM");
      expect((await running.exited).code).toBe(0);
      const output = running.output();
      // The run went through the error paths...
      for (const logged of [
        "webhook delivery is not a Telegram update",
        "update failed; giving up on it",
        "translation failed",
        "update failed; retrying",
        "Network error talking to Telegram",
        '"level":20',
      ]) {
        expect(output).toContain(logged);
      }
      // ...and printed no secret.
      expect(leaks(output)).toEqual([]);
    } finally {
      running.child.kill("SIGKILL");
    }
  }, 55_000);

  it("babelgram start (polling), through Telegram's faults to a 401 that stops it", async () => {
    await world.client.reset();
    world.papago.reset();
    const running = spawnCli(["start"], {
      env: world.env({ LOG_LEVEL: "debug", STORE_URL: world.storeUrl }),
      cwd: world.dir,
    });
    try {
      await waitFor(running, /is running/, "polling start");
      await world.client.injectFault({ method: "getUpdates", error_code: 502, duration_ms: 800 });
      await world.client.injectFault({ method: "getUpdates", error_code: 429, retry_after: 1 });
      world.papago.failNext(1, "throttle");
      await world.client.injectFault({ method: "sendMessage", error_code: 500 });
      await world.client.injectFault({ method: "sendMessage", drop: true });
      const user = await userSays("Everything fails once for this one");
      await world.client.waitForBotMessages({ chat_id: user.id, count: 1, timeout_ms: 20_000 });
      // The token is revoked: polling stops with one clear line.
      await world.client.injectFault({ method: "getUpdates", error_code: 401, count: 100 });
      const { code } = await running.exited;
      expect(code).toBe(1);
      const output = running.output();
      expect(output).toContain("getUpdates failed; retrying");
      expect(output).toContain("Telegram rejected the token");
      expect(leaks(output)).toEqual([]);
    } finally {
      running.child.kill("SIGKILL");
    }
  }, 45_000);

  it("crashes at start: unreachable Telegram, a token Telegram refuses, malformed settings", async () => {
    // Telegram cannot be reached: grammY tries again and again (the error names the URL, token
    // included) until SIGTERM.
    const unreachable = spawnCli(["serve", "--port", "0"], {
      env: world.env({
        LOG_LEVEL: "debug",
        WEBHOOK_SECRET: SECRET,
        METRICS_TOKEN,
        TELEGRAM_API_ROOT: "http://127.0.0.1:1",
      }),
      cwd: world.dir,
    });
    try {
      await waitFor(unreachable, /ECONNREFUSED[^]*ECONNREFUSED/, "two refused connections");
      unreachable.child.kill("SIGTERM");
      expect((await unreachable.exited).code).toBe(0);
      expect(unreachable.output()).toContain("getMe");
      expect(leaks(unreachable.output())).toEqual([]);
    } finally {
      unreachable.child.kill("SIGKILL");
    }

    // A token Telegram does not know.
    const other = makeToken();
    const refused = await runCli(["serve", "--port", "0"], {
      env: world.env({ LOG_LEVEL: "debug", WEBHOOK_SECRET: SECRET, TELEGRAM_BOT_TOKEN: other }),
      cwd: world.dir,
    });
    expect(refused.code).toBe(1);
    expect(refused.output).toContain("Telegram rejected the token");
    expect(refused.output).not.toContain(other.split(":")[1]);
    expect(leaks(refused.output)).toEqual([]);

    const malformed: Record<string, string>[] = [
      { WEBHOOK_SECRET: `${SECRET}!` },
      { METRICS: `${METRICS_TOKEN}` },
      { TRUSTED_PROXIES: SECRET },
      { TELEGRAM_BOT_TOKEN: `${world.token}!` },
    ];
    for (const bad of malformed) {
      const { code, output } = await runCli(["serve"], {
        env: world.env({ LOG_LEVEL: "debug", WEBHOOK_SECRET: SECRET, METRICS_TOKEN, ...bad }),
        cwd: world.dir,
      });
      expect(code).toBe(1);
      expect(output).toMatch(/Configuration error/);
      expect(leaks(output)).toEqual([]);
    }
  });
});

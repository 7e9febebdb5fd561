// The webhook server facing the open internet: 404 off its few paths, /metrics off or behind a token,
// deliveries only from Telegram's ranges when asked (X-Forwarded-For believed only from trusted
// proxies), slow-loris clients cut off while others are served, bodies over 1 MiB refused before they
// are read whole, and a flood of wrong secrets answered without reading a byte of their bodies.
import { connect, type Socket } from "node:net";
import { Writable } from "node:stream";
import { Bot } from "grammy";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { HANDLED_UPDATE_TYPES } from "../src/bot/index.js";
import { loadAccessConfig, loadConfig } from "../src/config.js";
import { ConfigError } from "../src/errors.js";
import { createLogger } from "../src/log.js";
import { createMetrics } from "../src/runtime/metrics.js";
import { startWebhookServer, type WebhookServer } from "../src/runtime/node-server.js";
import { createWebhookCore } from "../src/runtime/webhook-core.js";
import { serveInProcess } from "./support/serve-in-process.js";
import { startWorld, type World } from "./support/world.js";

const SECRET = "hostile_webhook-secret_0123456789";
const METRICS_TOKEN = "metrics-token-9f8e7d6c5b4a";
let world: World;

beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world.close();
});

/** serve() in this process on a free port, with the given extra environment. */
function startServer(extra: Record<string, string> = {}) {
  const config = loadConfig(
    world.env({ WEBHOOK_SECRET: SECRET, HOST: "127.0.0.1", PORT: "0", ...extra }),
  );
  return serveInProcess(config, createLogger({ level: "silent", secrets: [] }));
}

let server: Awaited<ReturnType<typeof startServer>> | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

/** An update of a type the bot does not handle: answered 200 at once when accepted. */
const ignored = JSON.stringify({
  update_id: 1,
  edited_message: { message_id: 1, date: 0, chat: { id: 1, type: "private" }, text: "x" },
});

const deliver = (url: string, headers: Record<string, string> = {}) =>
  fetch(`${url}/telegram`, {
    method: "POST",
    headers: { "x-telegram-bot-api-secret-token": SECRET, ...headers },
    body: ignored,
  });

describe("paths", () => {
  it("answers 404 everywhere but the webhook path, /healthz and /metrics", async () => {
    server = await startServer();
    const { url } = server;
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/metrics`)).status).toBe(200);
    expect((await deliver(url)).status).toBe(200);
    for (const path of [
      "/",
      "/telegram/",
      "/telegram/x",
      "/Telegram",
      "/healthz/",
      "/metrics.json",
      "/..%2ftelegram",
      "/%74elegram",
      "/favicon.ico",
      "/_control/users",
    ]) {
      for (const method of ["GET", "POST", "PUT", "DELETE"]) {
        const response = await fetch(`${url}${path}`, {
          method,
          ...(method === "GET" ? {} : { body: "{}" }),
        });
        expect({ path, method, status: response.status }).toEqual({ path, method, status: 404 });
      }
    }
    // Known paths with other methods.
    expect((await fetch(`${url}/healthz`, { method: "POST", body: "" })).status).toBe(404);
    expect((await fetch(`${url}/metrics`, { method: "DELETE" })).status).toBe(404);
    expect((await fetch(`${url}/telegram`, { method: "PUT", body: ignored })).status).toBe(405);
  });

  it("answers 404 at /metrics with METRICS=off", async () => {
    server = await startServer({ METRICS: "off" });
    expect((await fetch(`${server.url}/metrics`)).status).toBe(404);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it("serves /metrics only with METRICS_TOKEN as a Bearer token", async () => {
    server = await startServer({ METRICS_TOKEN });
    const { url } = server;
    const metrics = (authorization?: string) =>
      fetch(`${url}/metrics`, authorization === undefined ? {} : { headers: { authorization } });
    const missing = await metrics();
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toBe("Bearer");
    expect((await missing.text()).includes(METRICS_TOKEN)).toBe(false);
    for (const wrong of [
      "Bearer wrong",
      `Bearer ${METRICS_TOKEN.slice(0, -1)}`,
      `Bearer ${METRICS_TOKEN}x`,
      `Basic ${METRICS_TOKEN}`,
      METRICS_TOKEN,
      "Bearer",
    ]) {
      expect({ wrong, status: (await metrics(wrong)).status }).toEqual({ wrong, status: 401 });
    }
    await deliver(url, { "x-telegram-bot-api-secret-token": "wrong" });
    const allowed = await metrics(`bearer ${METRICS_TOKEN}`);
    expect(allowed.status).toBe(200);
    const text = await allowed.text();
    expect(text).toMatch(/babelgram_updates_total\{result="rejected"\} 1/);
    for (const secret of [METRICS_TOKEN, SECRET, world.token, world.token.split(":")[1] ?? "-"]) {
      expect(text.includes(secret)).toBe(false);
    }
  });

  it("counts made-up update types as other in /metrics, whatever their name", async () => {
    server = await startServer();
    for (const type of [`x${SECRET}`, 'a"b\\nc', "x".repeat(500)]) {
      const response = await fetch(`${server.url}/telegram`, {
        method: "POST",
        headers: { "x-telegram-bot-api-secret-token": SECRET },
        body: JSON.stringify({ update_id: 1, [type]: {} }),
      });
      expect(response.status).toBe(200);
    }
    const text = await (await fetch(`${server.url}/metrics`)).text();
    expect(text).toMatch(/babelgram_updates_received_total\{type="other"\} 3/);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain("x".repeat(500));
  });
});

describe("deliveries only from Telegram (WEBHOOK_TELEGRAM_IPS_ONLY=1)", () => {
  it("refuses a direct client outside Telegram's ranges, and X-Forwarded-For from it", async () => {
    server = await startServer({ WEBHOOK_TELEGRAM_IPS_ONLY: "1" });
    expect((await deliver(server.url)).status).toBe(403);
    // 127.0.0.1 is not a trusted proxy here: what it forwards is not believed.
    expect((await deliver(server.url, { "x-forwarded-for": "149.154.167.99" })).status).toBe(403);
    // Only deliveries are restricted.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it("believes X-Forwarded-For from TRUSTED_PROXIES, reading it from the right", async () => {
    server = await startServer({
      WEBHOOK_TELEGRAM_IPS_ONLY: "true",
      TRUSTED_PROXIES: "127.0.0.1, 10.0.0.0/8",
    });
    const from = (forwarded: string) =>
      deliver(server?.url ?? "", { "x-forwarded-for": forwarded });
    expect((await from("149.154.167.99")).status).toBe(200);
    expect((await from("91.108.4.10, 10.1.2.3")).status).toBe(200);
    // The right-most untrusted hop is the client; what it claims to the left proves nothing.
    expect((await from("149.154.167.99, 203.0.113.5")).status).toBe(403);
    expect((await from("203.0.113.5, 149.154.167.99")).status).toBe(200);
    expect((await from("149.154.176.1")).status).toBe(403);
    expect((await from("not-an-address")).status).toBe(403);
    // No header: the client is the proxy itself, which is not Telegram.
    expect((await deliver(server.url)).status).toBe(403);
    // A right address does not replace the secret.
    expect(
      (
        await deliver(server.url, {
          "x-forwarded-for": "149.154.167.99",
          "x-telegram-bot-api-secret-token": "wrong",
        })
      ).status,
    ).toBe(401);
  });

  it("names the variable for a malformed setting", () => {
    const error = (env: Record<string, string>) => {
      try {
        loadAccessConfig(env);
      } catch (thrown) {
        return thrown;
      }
      return undefined;
    };
    expect(error({ TRUSTED_PROXIES: "10.0.0.0/8, proxy.internal" })).toMatchObject({
      variable: "TRUSTED_PROXIES",
    });
    expect(error({ TRUSTED_PROXIES: "10.0.0.0/8, proxy.internal" })).toBeInstanceOf(ConfigError);
    expect(error({ WEBHOOK_TELEGRAM_IPS_ONLY: "maybe" })).toMatchObject({
      variable: "WEBHOOK_TELEGRAM_IPS_ONLY",
    });
    expect(error({ METRICS: "sometimes" })).toMatchObject({ variable: "METRICS" });
    expect(loadAccessConfig({})).toEqual({
      metrics: true,
      metricsToken: undefined,
      telegramIpsOnly: false,
      trustedProxies: [],
    });
    expect(loadAccessConfig({ METRICS: "0", TRUSTED_PROXIES: " ::1 ,10.0.0.1" })).toMatchObject({
      metrics: false,
      trustedProxies: ["::1", "10.0.0.1"],
    });
  });
});

/** A raw TCP client: what it received, and a promise of its close. */
function rawClient(port: number) {
  const socket: Socket = connect(port, "127.0.0.1");
  let received = "";
  socket.on("data", (chunk: Buffer) => (received += chunk.toString("latin1")));
  socket.on("error", () => undefined);
  const closed = new Promise<void>((resolve) => socket.on("close", () => resolve()));
  let isClosed = false;
  void closed.then(() => (isClosed = true));
  return {
    socket,
    closed,
    received: () => received,
    isClosed: () => isClosed,
    /** Writes while the connection is open; false once it is closed. */
    write(data: string | Buffer): boolean {
      if (socket.destroyed || !socket.writable) return false;
      socket.write(data);
      return true;
    },
  };
}

/** Fails the test if promise has not settled after ms (a wait bound, not a timing assertion). */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

describe("the Node server against slow and oversize clients", () => {
  let webhook: WebhookServer | undefined;
  let errorsLogged: string[] = [];
  afterEach(async () => {
    await webhook?.close({ timeoutMs: 1000 });
    webhook = undefined;
  });

  async function startBare(timeouts = { headersMs: 400, requestMs: 1200 }) {
    errorsLogged = [];
    const logger = createLogger({
      level: "warn",
      secrets: [],
      destination: new Writable({
        write(chunk: Buffer, _encoding, done) {
          errorsLogged.push(chunk.toString());
          done();
        },
      }),
    });
    const bot = new Bot(world.token, { client: { apiRoot: world.emulator.url } });
    const metrics = createMetrics();
    const core = createWebhookCore({
      bot,
      logger,
      secret: SECRET,
      handledTypes: HANDLED_UPDATE_TYPES,
      observer: metrics.observer,
    });
    webhook = await startWebhookServer({
      core,
      logger,
      host: "127.0.0.1",
      port: 0,
      path: "/telegram",
      metrics,
      timeouts,
    });
    return webhook;
  }

  it("cuts off slow-loris clients while answering a normal client meanwhile", async () => {
    const { port, url } = await startBare();
    // 1: sends its headers one byte at a time, forever.
    const dripHeaders = rawClient(port);
    const header = `POST /telegram HTTP/1.1\r\nHost: x\r\nX-Telegram-Bot-Api-Secret-Token: ${SECRET}\r\nX-Padding: `;
    let at = 0;
    // 2: sends its headers, then its body one byte at a time.
    const dripBody = rawClient(port);
    dripBody.write(
      `POST /telegram HTTP/1.1\r\nHost: x\r\nX-Telegram-Bot-Api-Secret-Token: ${SECRET}\r\nContent-Length: 100000\r\n\r\n{`,
    );
    // 3: connects and says nothing.
    const silent = rawClient(port);
    const drip = setInterval(() => {
      dripHeaders.write(at < header.length ? (header[at++] ?? "a") : "a");
      dripBody.write(" ");
    }, 20);
    try {
      // Meanwhile, a normal client is answered, again and again, until the slow ones are cut off.
      let answered = 0;
      while (!(dripHeaders.isClosed() && dripBody.isClosed() && silent.isClosed())) {
        const [health, delivery] = await Promise.all([fetch(`${url}/healthz`), deliver(url)]);
        expect([health.status, delivery.status]).toEqual([200, 200]);
        answered++;
        if (answered > 2000) throw new Error("the slow clients were never cut off");
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await within(
        Promise.all([dripHeaders.closed, dripBody.closed, silent.closed]),
        10_000,
        "slow clients closed",
      );
      expect(answered).toBeGreaterThan(1);
      expect(dripHeaders.received()).toMatch(/^HTTP\/1\.1 408 /);
      expect(silent.received()).toMatch(/^HTTP\/1\.1 408 |^$/);
      // The slow body was cut off by the request timeout, not answered as a delivery.
      expect(dripBody.received()).not.toMatch(/^HTTP\/1\.1 200/);
      // And the server still answers.
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      expect(errorsLogged.filter((line) => line.includes('"level":50'))).toEqual([]);
    } finally {
      clearInterval(drip);
      for (const client of [dripHeaders, dripBody, silent]) client.socket.destroy();
    }
  });

  it("refuses an announced body over 1 MiB before it is sent", async () => {
    const { port, url } = await startBare();
    const client = rawClient(port);
    client.write(
      `POST /telegram HTTP/1.1\r\nHost: x\r\nX-Telegram-Bot-Api-Secret-Token: ${SECRET}\r\nContent-Length: ${1024 * 1024 + 1}\r\n\r\n`,
    );
    await within(client.closed, 10_000, "connection closed");
    expect(client.received()).toMatch(/^HTTP\/1\.1 413 /);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  });

  it("stops reading a chunked body at 1 MiB, answers 413 and drops the connection", async () => {
    const { port, url } = await startBare({ headersMs: 2000, requestMs: 60_000 });
    const client = rawClient(port);
    client.write(
      `POST /telegram HTTP/1.1\r\nHost: x\r\nX-Telegram-Bot-Api-Secret-Token: ${SECRET}\r\nTransfer-Encoding: chunked\r\n\r\n`,
    );
    const chunk = Buffer.alloc(64 * 1024, "a");
    const framed = Buffer.concat([
      Buffer.from(`${chunk.length.toString(16)}\r\n`),
      chunk,
      Buffer.from("\r\n"),
    ]);
    // Keeps sending, without end, until the server hangs up: a server that read bodies whole would
    // never answer (the request timeout is a minute here).
    let sent = 0;
    const pump = setInterval(() => {
      if (client.write(framed)) sent += chunk.length;
    }, 2);
    try {
      await within(client.closed, 20_000, "connection closed");
    } finally {
      clearInterval(pump);
    }
    expect(client.received()).toMatch(/^HTTP\/1\.1 413 /);
    expect(sent).toBeGreaterThan(1024 * 1024);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  });

  it("answers a flood of wrong secrets without waiting for their bodies", async () => {
    const { port, url } = await startBare();
    const floods = Array.from({ length: 20 }, async () => {
      for (let i = 0; i < 25; i++) {
        const client = rawClient(port);
        // The body is announced but never sent: only an answer from the headers alone can come.
        client.write(
          `POST /telegram HTTP/1.1\r\nHost: x\r\nX-Telegram-Bot-Api-Secret-Token: wrong-${i}\r\nContent-Length: 1000000\r\n\r\n`,
        );
        await within(client.closed, 10_000, "wrong-secret connection closed");
        expect(client.received()).toMatch(/^HTTP\/1\.1 401 /);
      }
    });
    await Promise.all(floods);
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toMatch(/babelgram_updates_total\{result="rejected"\} 500/);
    expect((await deliver(url)).status).toBe(200);
  });
});

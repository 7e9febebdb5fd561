// `babelgram webhook set|info|delete` against the local Bot API: Telegram's rules checked before
// any request, the secret token, the certificate upload, the last delivery error in words, and
// every failure as one line without the token.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Api } from "grammy";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { HANDLED_UPDATE_TYPES } from "../src/bot/index.js";
import { WEBHOOK_SECRET_SHAPE } from "../src/config.js";
import { EmulatorClient } from "../src/emulator/client.js";
import { startEmulator } from "../src/emulator/index.js";
import { runCli } from "./support/cli.js";
import { answerWith, WebhookReceiver } from "./support/webhook-receiver.js";
import { makeToken, startWorld, type World } from "./support/world.js";

let world: World;
let api: Api;

beforeAll(async () => {
  world = await startWorld();
  api = new Api(world.token, { apiRoot: world.emulator.url });
});
beforeEach(async () => {
  await world.client.reset();
});
afterAll(async () => {
  await world.close();
});

const HOOK_URL = "https://example.com/telegram";
const PEM = [
  "-----BEGIN CERTIFICATE-----",
  "MIIBszCCAVmgAwIBAgIUXq2n0GfNnm1kC1a6Vd3E0uQJqVQwCgYIKoZIzj0EAwIw",
  "-----END CERTIFICATE-----",
  "",
].join("\n");

const secretOf = (token: string) => token.split(":")[1] ?? token;
const cli = (args: string[], env: Record<string, string> = {}) =>
  runCli(["webhook", ...args], { env: world.env(env), cwd: world.dir });
const lines = (output: string) => output.trim().split("\n");
const setWebhookCalls = () => world.client.calls({ method: "setWebhook" });

async function say(client: EmulatorClient, ...texts: string[]) {
  const user = await client.createUser({ first_name: "Ada" });
  for (const text of texts) await client.sendMessage({ chat_id: user.id, from_id: user.id, text });
}

describe("babelgram webhook set: refused before any request", () => {
  it("refuses plain HTTP with the reason", async () => {
    const { code, output } = await cli(["set", "http://example.com/telegram"]);
    expect(code).toBe(1);
    expect(output.trim()).toBe(
      "babelgram: the webhook URL must use https:// (Telegram only delivers to HTTPS)",
    );
    expect(await world.client.calls()).toEqual([]);
  });

  it("refuses a port Telegram does not deliver to, and what is not a URL", async () => {
    const port = await cli(["set", "https://example.com:3000/telegram"]);
    expect(port.code).toBe(1);
    expect(lines(port.output)).toEqual([
      "babelgram: port 3000 is not one Telegram delivers to; use 443, 80, 88 or 8443 in the webhook URL",
    ]);
    const garbage = await cli(["set", "example.com/telegram"]);
    expect(garbage.code).toBe(1);
    expect(garbage.output).toContain("is not a URL");
    expect(await setWebhookCalls()).toEqual([]);
  });

  it("refuses a secret Telegram would refuse, saying why", async () => {
    const cases: [string[], Record<string, string>, string][] = [
      [["--secret", "two words"], {}, "--secret contains a space"],
      [["--secret", "bang!"], {}, '--secret contains "!"'],
      [["--secret", "x".repeat(257)], {}, "--secret is 257 characters long"],
      [[], { WEBHOOK_SECRET: "from env!" }, "WEBHOOK_SECRET: contains a space"],
    ];
    for (const [args, env, reason] of cases) {
      const { code, output } = await cli(["set", HOOK_URL, ...args], env);
      expect(code).toBe(1);
      expect(lines(output)).toHaveLength(1);
      expect(output).toContain(reason);
      expect(output).toContain("A-Z, a-z, 0-9, _ and -");
    }
    expect(await setWebhookCalls()).toEqual([]);
  });

  it("refuses --max-connections outside 1-100", async () => {
    for (const value of ["0", "101", "ten"]) {
      const { code, output } = await cli(["set", HOOK_URL, "--max-connections", value]);
      expect(code).toBe(1);
      expect(output).toContain("expected a whole number from 1 to 100");
    }
    expect(await setWebhookCalls()).toEqual([]);
  });

  it("refuses a certificate that is missing, not PEM, or a private key", async () => {
    const notPem = join(world.dir, "cert.der");
    writeFileSync(notPem, Buffer.from([0x30, 0x82, 0x01, 0xb3]));
    const key = join(world.dir, "key.pem");
    writeFileSync(key, `${PEM}-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n`);
    const cases: [string, string][] = [
      [join(world.dir, "missing.pem"), "cannot read the certificate"],
      [notPem, "is not a PEM certificate"],
      [key, "contains a private key"],
    ];
    for (const [path, reason] of cases) {
      const { code, output } = await cli(["set", HOOK_URL, "--certificate", path]);
      expect(code).toBe(1);
      expect(lines(output)).toHaveLength(1);
      expect(output).toContain(reason);
    }
    expect(await setWebhookCalls()).toEqual([]);
  });
});

describe("babelgram webhook set", () => {
  it("sets the URL, the update types babelgram handles, max connections and --secret", async () => {
    const secret = "s3cret_from-the-command-line";
    const { code, output } = await cli([
      "set",
      HOOK_URL,
      "--secret",
      secret,
      "--max-connections",
      "7",
    ]);
    expect(code).toBe(0);
    expect(output).toContain(`Webhook set: ${HOOK_URL}`);
    expect(output).toContain("secret token: from --secret");
    expect(output).not.toContain(secret);
    const info = await api.getWebhookInfo();
    expect(info.url).toBe(HOOK_URL);
    expect(info.allowed_updates).toEqual([...HANDLED_UPDATE_TYPES]);
    expect(info.max_connections).toBe(7);
    const [call] = await setWebhookCalls();
    expect(call?.params.secret_token).toBe(secret);
  });

  it("takes the secret from WEBHOOK_SECRET without printing it", async () => {
    const secret = "secret-from-the-environment";
    const { code, output } = await cli(["set", "https://example.com:8443/telegram"], {
      WEBHOOK_SECRET: secret,
    });
    expect(code).toBe(0);
    expect(output).toContain("secret token: from WEBHOOK_SECRET");
    expect(output).not.toContain(secret);
    const [call] = await setWebhookCalls();
    expect(call?.params.secret_token).toBe(secret);
    expect((await api.getWebhookInfo()).url).toBe("https://example.com:8443/telegram");
  });

  it("generates a secret when none is given, and prints it once", async () => {
    const { code, output } = await cli(["set", HOOK_URL]);
    expect(code).toBe(0);
    const [call] = await setWebhookCalls();
    const sent = call?.params.secret_token;
    expect(typeof sent).toBe("string");
    expect(sent).toMatch(WEBHOOK_SECRET_SHAPE);
    expect(output.split(String(sent))).toHaveLength(2);
    expect(output).toContain(`secret token (generated, shown only this once): ${String(sent)}`);
    expect(output).toContain("Put it in WEBHOOK_SECRET");
  });

  it("uploads a self-signed certificate", async () => {
    const path = join(world.dir, "public.pem");
    writeFileSync(path, PEM);
    const { code, output } = await cli(["set", HOOK_URL, "--certificate", path]);
    expect(code).toBe(0);
    expect(output).toContain("custom certificate: public.pem uploaded");
    expect((await api.getWebhookInfo()).has_custom_certificate).toBe(true);
  });

  it("drops pending updates when told to", async () => {
    await say(world.client, "old one", "old two");
    const { code } = await cli(["set", HOOK_URL, "--drop-pending-updates"]);
    expect(code).toBe(0);
    expect((await api.getWebhookInfo()).pending_update_count).toBe(0);
  });

  it("shows Telegram's refusal as one line, and no generated secret", async () => {
    await world.client.injectFault({
      method: "setWebhook",
      error_code: 400,
      description: "Bad Request: bad webhook: Failed to resolve host: Name or service not known",
    });
    const { code, output } = await cli(["set", HOOK_URL]);
    expect(code).toBe(1);
    expect(lines(output)).toHaveLength(1);
    expect(output).toMatch(
      /^babelgram: Telegram refused the webhook: Failed to resolve host: Name or service not known\. /,
    );
    expect(output).not.toContain("secret token");
  });

  it("notes when babelgram's webhook server would listen on another path", async () => {
    const other = "https://example.com/hooks/babelgram";
    const mismatch = await cli(["set", other]);
    expect(mismatch.code).toBe(0);
    expect(mismatch.output).toContain(
      `Note: babelgram's webhook server listens on /telegram (the default); run it with WEBHOOK_URL=${other}`,
    );
    const matching = await cli(["set", other], { WEBHOOK_URL: other });
    expect(matching.code).toBe(0);
    expect(matching.output).not.toContain("Note:");
  });

  it("never prints the token, even from inside the webhook URL", async () => {
    const { code, output } = await cli(["set", `https://example.com/bot${world.token}/hook`]);
    expect(code).toBe(0);
    expect(output).toContain("Webhook set: https://example.com/bot[redacted");
    expect(output).not.toContain(secretOf(world.token));
  });
});

describe("babelgram webhook info", () => {
  it("says when no webhook is set, with the pending updates", async () => {
    await say(world.client, "waiting");
    const { code, output } = await cli(["info"]);
    expect(code).toBe(0);
    expect(lines(output)).toEqual([
      "No webhook set; the bot uses getUpdates (long polling).",
      "  pending updates: 1",
    ]);
  });

  it("shows the settings, and --json Telegram's answer", async () => {
    await cli(["set", HOOK_URL, "--max-connections", "12", "--ip-address", "203.0.113.7"]);
    const { code, output } = await cli(["info"]);
    expect(code).toBe(0);
    expect(lines(output)).toEqual([
      `Webhook: ${HOOK_URL}`,
      "  pending updates: 0",
      "  max connections: 12",
      `  allowed updates: ${HANDLED_UPDATE_TYPES.join(", ")}`,
      "  IP address: 203.0.113.7",
      "  custom certificate: no",
      "  last error: none since the webhook was set",
    ]);
    const json = await cli(["info", "--json"]);
    expect(JSON.parse(json.output)).toMatchObject({ url: HOOK_URL, max_connections: 12 });
  });

  it("tells the last delivery error in words and how long ago", async () => {
    // An emulator whose clock is 3 hours behind: its errors are 3 hours old for the CLI.
    const token = makeToken();
    const lagging = await startEmulator({
      bots: [{ token, username: "lagging_test_bot", first_name: "lagging" }],
      now: () => Date.now() - 3 * 60 * 60 * 1000,
    });
    const receiver = await WebhookReceiver.start();
    try {
      receiver.answer = (_delivery, res) => answerWith(res, 503);
      const laggingApi = new Api(token, { apiRoot: lagging.url });
      await laggingApi.setWebhook(receiver.url, { allowed_updates: ["message"] });
      await say(new EmulatorClient(lagging.url, token), "never delivered");
      await receiver.waitFor(1);
      await expect
        .poll(async () => (await laggingApi.getWebhookInfo()).last_error_date, { timeout: 10_000 })
        .toBeDefined();

      const { code, output } = await runCli(["webhook", "info"], {
        env: world.env({ TELEGRAM_BOT_TOKEN: token, TELEGRAM_API_ROOT: lagging.url }),
        cwd: world.dir,
      });
      expect(code).toBe(0);
      expect(output).toContain(`Webhook: ${receiver.url}`);
      expect(output).toContain("  pending updates: 1");
      expect(output).toContain(
        "  last error 3 hours ago: Wrong response from the webhook: 503 Service Unavailable",
      );
      expect(output).toContain("babelgram also needs callback_query");
    } finally {
      await receiver.close();
      await lagging.close();
    }
  });
});

describe("babelgram webhook delete", () => {
  it("removes the webhook and, when told to, drops the pending updates", async () => {
    await api.setWebhook(HOOK_URL);
    await say(world.client, "one", "two");
    const { code, output } = await cli(["delete", "--drop-pending-updates"]);
    expect(code).toBe(0);
    expect(lines(output)).toEqual([
      `Webhook ${HOOK_URL} deleted; the bot can use getUpdates (long polling) again.`,
      "Dropped the pending updates (2 pending updates before).",
    ]);
    const info = await api.getWebhookInfo();
    expect(info.url).toBe("");
    expect(info.pending_update_count).toBe(0);
  });

  it("keeps the pending updates unless told otherwise", async () => {
    await api.setWebhook(HOOK_URL);
    await say(world.client, "kept");
    const { code, output } = await cli(["delete"]);
    expect(code).toBe(0);
    expect(output).toContain("1 pending update kept");
    const info = await api.getWebhookInfo();
    expect(info.url).toBe("");
    expect(info.pending_update_count).toBe(1);
  });
});

describe("babelgram webhook with a wrong token", () => {
  it("says so in one line, without the token, for every subcommand", async () => {
    const wrong = makeToken();
    for (const args of [["info"], ["delete"], ["set", HOOK_URL]]) {
      const { code, output } = await cli(args, { TELEGRAM_BOT_TOKEN: wrong });
      expect(code).toBe(1);
      expect(lines(output)).toEqual([
        "babelgram: Telegram rejected the token (401 Unauthorized): check TELEGRAM_BOT_TOKEN, or get it again from @BotFather with /token.",
      ]);
      expect(output).not.toContain(secretOf(wrong));
    }
  });
});

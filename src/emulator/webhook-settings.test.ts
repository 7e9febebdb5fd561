// Webhook settings against a local receiver: getUpdates refused, deleteWebhook and close() stopping
// delivery, drop_pending_updates, 24-hour expiry, setWebhook's rules with the loopback exception,
// and uploaded certificates (has_custom_certificate).
import { Api, InputFile } from "grammy";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { answerWith, WebhookReceiver } from "../../test/support/webhook-receiver.js";
import { EmulatorClient } from "./client.js";
import { startEmulator } from "./index.js";
import { useEmulator } from "./test-emulator.js";

const TIMING = { webhookTimeoutMs: 300, webhookRetryBaseMs: 20, webhookRetryCapMs: 100 };

const env = useEmulator(TIMING);
let receiver: WebhookReceiver;
let ada: { id: number };
let bob: { id: number };

beforeEach(async () => {
  receiver = await WebhookReceiver.start();
  ada = await env.client.createUser({ first_name: "Ada" });
  bob = await env.client.createUser({ first_name: "Bob" });
});
afterEach(async () => {
  await env.client.reset();
  await receiver.close();
});

async function say(user: { id: number }, ...texts: string[]) {
  for (const text of texts)
    await env.client.sendMessage({ chat_id: user.id, from_id: user.id, text });
}
const pending = async () => (await env.api.getWebhookInfo()).pending_update_count;
const neverAnswer = () => new Promise<void>(() => undefined);

describe("setting and deleting", () => {
  it("refuses getUpdates with 409 while a webhook is set", async () => {
    await env.api.setWebhook(receiver.url);
    await expect(env.api.getUpdates()).rejects.toMatchObject({ error_code: 409 });
  });

  it("deleteWebhook stops delivery; the update in flight stays queued for getUpdates", async () => {
    receiver.answer = neverAnswer;
    await env.api.setWebhook(receiver.url);
    await say(ada, "stuck");
    await receiver.waitFor(1);
    await env.api.deleteWebhook();
    await say(ada, "after");
    expect((await env.api.getUpdates()).map((u) => u.message?.text)).toEqual(["stuck", "after"]);
    expect(receiver.texts()).toEqual(["stuck"]);
  });

  it("drop_pending_updates on setWebhook and deleteWebhook clears the queue", async () => {
    await say(ada, "old1", "old2");
    await env.api.setWebhook(receiver.url, { drop_pending_updates: true });
    await say(ada, "new");
    await receiver.waitFor(1);
    expect(receiver.texts()).toEqual(["new"]);

    receiver.answer = (_delivery, res) => answerWith(res, 500);
    await say(bob, "failing");
    await expect
      .poll(async () => (await env.api.getWebhookInfo()).last_error_message)
      .toMatch(/500/);
    await env.api.deleteWebhook({ drop_pending_updates: true });
    expect(await pending()).toBe(0);
  });

  it("close() does not wait for a delivery in flight", async () => {
    const other = await startEmulator(TIMING);
    const otherClient = new EmulatorClient(other.url);
    const user = await otherClient.createUser({ first_name: "C" });
    receiver.answer = neverAnswer;
    await new Api(other.defaultToken, { apiRoot: other.url }).setWebhook(receiver.url);
    await otherClient.sendMessage({ chat_id: user.id, from_id: user.id, text: "hang" });
    await receiver.waitFor(1);
    await other.close();
  });

  it("drops updates older than 24 hours", async () => {
    let now = Date.now();
    const aged = await startEmulator({ ...TIMING, now: () => now });
    try {
      const agedClient = new EmulatorClient(aged.url);
      const user = await agedClient.createUser({ first_name: "Old" });
      await agedClient.sendMessage({ chat_id: user.id, from_id: user.id, text: "ancient" });
      now += 24 * 60 * 60 * 1000 + 1000;
      await agedClient.sendMessage({ chat_id: user.id, from_id: user.id, text: "fresh" });
      await new Api(aged.defaultToken, { apiRoot: aged.url }).setWebhook(receiver.url);
      await receiver.waitFor(1);
      expect(receiver.texts()).toEqual(["fresh"]);
    } finally {
      await aged.close();
    }
  });
});

describe("setWebhook URL rules", () => {
  const refusal = (description: string) => ({ error_code: 400, description });

  it("takes http:// and any port on loopback hosts only", async () => {
    for (const url of [
      "http://127.0.0.1:3000/hook",
      "http://127.5.6.7:9/x",
      "http://localhost:8080/",
      "http://[::1]:4000/hook",
      "https://localhost:3443/hook",
    ]) {
      await expect(env.api.setWebhook(url)).resolves.toBe(true);
      expect((await env.api.getWebhookInfo()).url).toBe(url);
    }
    await expect(env.api.setWebhook("http://bot.example.com/hook")).rejects.toMatchObject(
      refusal("Bad Request: bad webhook: An HTTPS URL must be provided for webhook"),
    );
    await expect(env.api.setWebhook("http://10.0.0.1:3000/hook")).rejects.toMatchObject(
      refusal("Bad Request: bad webhook: An HTTPS URL must be provided for webhook"),
    );
    await expect(env.api.setWebhook("https://bot.example.com:3000/hook")).rejects.toMatchObject(
      refusal("Bad Request: bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443"),
    );
    await expect(env.api.setWebhook("ftp://127.0.0.1/hook")).rejects.toMatchObject(
      refusal("Bad Request: bad webhook: An HTTPS URL must be provided for webhook"),
    );
    await expect(env.api.setWebhook("https://bot.example.com:8443/hook")).resolves.toBe(true);
  });

  it("checks secret_token and clamps max_connections to 1..100", async () => {
    await expect(
      env.api.setWebhook(receiver.url, { secret_token: "bad token!" }),
    ).rejects.toMatchObject(refusal("Bad Request: secret token contains unallowed characters"));
    await expect(
      env.api.setWebhook(receiver.url, { secret_token: "x".repeat(257) }),
    ).rejects.toMatchObject(refusal("Bad Request: secret token is too long"));
    await env.api.setWebhook(receiver.url, { secret_token: "A".repeat(256), max_connections: 0 });
    expect((await env.api.getWebhookInfo()).max_connections).toBe(1);
    await env.api.setWebhook(receiver.url, { max_connections: 1000 });
    expect((await env.api.getWebhookInfo()).max_connections).toBe(100);
  });
});

describe("custom certificate", () => {
  const PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
  const HTTPS_URL = "https://bot.example.com/telegram";
  const certificateInfo = async () => (await env.api.getWebhookInfo()).has_custom_certificate;

  it("reports an uploaded certificate (grammY's attach://) until a setWebhook without one", async () => {
    expect(await certificateInfo()).toBe(false);
    await env.api.setWebhook(HTTPS_URL, { certificate: new InputFile(Buffer.from(PEM), "c.pem") });
    expect(await certificateInfo()).toBe(true);
    const [call] = await env.client.calls({ method: "setWebhook" });
    expect(call?.params.certificate).toMatch(/^attach:\/\//);

    // The same URL again, without a certificate, is a change: the certificate is gone.
    await env.api.setWebhook(HTTPS_URL);
    expect(await certificateInfo()).toBe(false);

    await env.api.setWebhook(HTTPS_URL, { certificate: new InputFile(Buffer.from(PEM)) });
    await env.api.deleteWebhook();
    expect(await certificateInfo()).toBe(false);
  });

  it("takes a file part named certificate; any other value is no upload", async () => {
    const setWebhook = (body: FormData | string) =>
      fetch(`${env.emu.url}/bot${env.emu.defaultToken}/setWebhook`, {
        method: "POST",
        body,
        ...(typeof body === "string" ? { headers: { "content-type": "application/json" } } : {}),
      }).then((response) => response.json());
    const form = new FormData();
    form.set("url", HTTPS_URL);
    form.set("certificate", new Blob([PEM]), "cert.pem");
    expect(await setWebhook(form)).toMatchObject({ ok: true, result: true });
    expect(await certificateInfo()).toBe(true);

    const text = JSON.stringify({ url: HTTPS_URL, certificate: "not-an-upload" });
    expect(await setWebhook(text)).toMatchObject({ ok: true, result: true });
    expect(await certificateInfo()).toBe(false);
  });

  it("refuses a certificate over 3 MiB, as the official server does", async () => {
    const big = Buffer.alloc((3 << 20) + 1, "A");
    await expect(
      env.api.setWebhook(HTTPS_URL, { certificate: new InputFile(big, "big.pem") }),
    ).rejects.toMatchObject({
      error_code: 400,
      description: `Bad Request: certificate size is too big (${big.length} bytes)`,
    });
    expect((await env.api.getWebhookInfo()).url).toBe("");
  });
});

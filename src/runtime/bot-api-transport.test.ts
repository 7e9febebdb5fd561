// The Bot API transport against the local Bot API: what grammY's client would return or throw, the
// same way, and never the token in what it throws.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Api, GrammyError, HttpError, InputFile } from "grammy";
import { afterEach, describe, expect, it } from "vitest";
import { useEmulator } from "../emulator/test-emulator.js";
import { createBotApiTransport, type BotApiTransport } from "./bot-api-transport.js";
import { neverSent } from "./flow-control.js";

const env = useEmulator({ user: { first_name: "Ada" } });
let transports: BotApiTransport[] = [];
let servers: Server[] = [];

afterEach(async () => {
  await Promise.all(transports.map((transport) => transport.close()));
  await Promise.all(servers.map((server) => new Promise((done) => server.close(done))));
  transports = [];
  servers = [];
});

function apiThrough(apiRoot: string, token = env.emu.defaultToken, timeoutMs?: number): Api {
  const transport = createBotApiTransport({
    token,
    apiRoot,
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  });
  transports.push(transport);
  const api = new Api(token, { apiRoot });
  api.config.use(transport.transformer);
  return api;
}

/** A server that answers every request with the given status and body, recording the paths. */
async function fixedServer(
  status: number,
  body: string,
): Promise<{ url: string; paths: string[] }> {
  const paths: string[] = [];
  const server = createServer((req, res) => {
    paths.push(req.url ?? "");
    req.resume();
    req.on("end", () => res.writeHead(status, { "content-type": "text/html" }).end(body));
  });
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, paths };
}

describe("the Bot API transport", () => {
  it("makes the call and returns Telegram's result, null fields left out as grammY does", async () => {
    const api = apiThrough(env.emu.url);
    const sent = await api.sendMessage(env.user.id, "<b>hello</b>", {
      parse_mode: "HTML",
      // grammY drops nulls; the local Bot API, like Telegram, would refuse a null reply_markup.
      reply_markup: null as unknown as undefined,
    });
    expect(sent.text).toBe("hello");
    expect(sent.entities).toEqual([{ type: "bold", offset: 0, length: 5 }]);
    const [stored] = await env.client.sent({ chat_id: env.user.id });
    expect(stored?.message_id).toBe(sent.message_id);
  });

  it("hands Telegram's refusals to grammY, which throws them as GrammyError", async () => {
    const api = apiThrough(env.emu.url);
    await env.client.injectFault({ method: "sendMessage", error_code: 429, retry_after: 7 });
    const refused = await api.sendMessage(env.user.id, "hi").catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(GrammyError);
    expect(refused).toMatchObject({ error_code: 429, parameters: { retry_after: 7 } });
    const unknownChat = await api.sendMessage(999_999, "hi").catch((error: unknown) => error);
    expect(unknownChat).toBeInstanceOf(GrammyError);
    expect((unknownChat as GrammyError).error_code).toBe(400);
    expect((unknownChat as GrammyError).description).toMatch(/chat not found/);
  });

  it("uploads a file through grammY's own client", async () => {
    const api = apiThrough(env.emu.url);
    const photo = await api.sendPhoto(env.user.id, new InputFile(new Uint8Array([1, 2, 3])), {
      caption: "a photo",
    });
    expect(photo.caption).toBe("a photo");
  });

  it("keeps a path prefix of the API root", async () => {
    const proxy = await fixedServer(200, '{"ok":true,"result":true}');
    const api = apiThrough(`${proxy.url}/telegram`, "123:SECRET-TOKEN");
    expect(await api.deleteWebhook()).toBe(true);
    expect(proxy.paths).toEqual(["/telegram/bot123:SECRET-TOKEN/deleteWebhook"]);
  });

  it("throws HttpError for a connection that could not be opened, which flow control may retry", async () => {
    const closed = await fixedServer(200, "{}");
    await new Promise((done) => servers.pop()?.close(done));
    const api = apiThrough(closed.url, "123:SECRET-TOKEN");
    const error = await api.getMe().catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(HttpError);
    expect(neverSent(error)).toBe(true);
    expect(JSON.stringify(error) + String(error) + String((error as HttpError).stack)).not.toMatch(
      /SECRET-TOKEN/,
    );
  });

  it("throws HttpError, not to be retried, for a connection dropped mid-call", async () => {
    const api = apiThrough(env.emu.url);
    await env.client.injectFault({ method: "sendMessage", drop: true });
    const error = await api.sendMessage(env.user.id, "hi").catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(HttpError);
    expect(neverSent(error)).toBe(false);
    expect(String((error as HttpError).error)).not.toContain(env.emu.defaultToken);
  });

  it("throws HttpError for an answer that is not the Bot API's JSON (a proxy's 502 page)", async () => {
    const proxy = await fixedServer(502, "<html>Bad Gateway</html>");
    const api = apiThrough(proxy.url);
    const error = await api.getMe().catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).error).toBeInstanceOf(SyntaxError);
  });

  it("stops a call when its signal aborts", async () => {
    const api = apiThrough(env.emu.url);
    await env.client.injectFault({ method: "sendMessage", delay_ms: 5_000 });
    const controller = new AbortController();
    // grammY's Node typings name node-fetch's AbortSignal; at run time it is the global one.
    const signal = controller.signal as unknown as Parameters<typeof api.sendMessage>[3];
    const call = api.sendMessage(env.user.id, "hi", undefined, signal);
    setTimeout(() => controller.abort(), 50);
    await expect(call).rejects.toBeInstanceOf(HttpError);
  });

  it("gives up on a connection silent for longer than timeoutMs", async () => {
    const api = apiThrough(env.emu.url, env.emu.defaultToken, 100);
    await env.client.injectFault({ method: "sendMessage", delay_ms: 2_000 });
    const error = await api.sendMessage(env.user.id, "hi").catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(HttpError);
    expect(String((error as HttpError).error)).toMatch(/no answer in 100 ms/);
  });
});

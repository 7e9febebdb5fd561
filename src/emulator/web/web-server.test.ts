// The emulator's side of the web chat: its files with strict headers, and the event stream that
// tells the page what changed (and ends when the emulator closes).
import { request } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { EmulatorClient } from "../client.js";
import { startEmulator, type Emulator } from "../index.js";
import { seedLocalWorld } from "./seed.js";

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

/** Opens GET /_control/events and collects its `data:` events as they come. */
function openEvents(url: string): Promise<{ events: unknown[]; ended: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/_control/events`, (res) => {
      expect(res.headers["content-type"]).toContain("text/event-stream");
      const events: unknown[] = [];
      let buffer = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        buffer += chunk;
        const blocks = buffer.split("\n\n");
        buffer = blocks.pop() ?? "";
        for (const block of blocks) {
          const data = block.split("\n").find((line) => line.startsWith("data: "));
          if (data !== undefined) events.push(JSON.parse(data.slice(6)));
        }
      });
      const ended = new Promise<void>((done) => {
        res.on("close", done);
        res.on("error", () => done());
      });
      resolve({ events, ended });
    });
    req.on("error", reject);
    req.end();
  });
}

describe("web chat files", () => {
  it("serves the page with no-store and a strict CSP, and its script as JavaScript", async () => {
    emulator = await startEmulator();
    const page = await fetch(emulator.url);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(page.headers.get("cache-control")).toBe("no-store");
    const csp = page.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("unsafe-inline");
    expect(await page.text()).toContain('<script type="module" src="/web/app.js">');

    const script = await fetch(`${emulator.url}/web/app.js`);
    expect(script.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect((await script.text()).length).toBeGreaterThan(1000);
    const style = await fetch(`${emulator.url}/web/style.css`);
    expect(style.headers.get("content-type")).toBe("text/css; charset=utf-8");
  });

  it("keeps other paths Telegram's 404", async () => {
    emulator = await startEmulator();
    const response = await fetch(`${emulator.url}/web/../package.json`);
    expect(response.status).toBe(404);
    expect((await fetch(`${emulator.url}/web/secret.txt`)).status).toBe(404);
  });
});

describe("GET /_control/events", () => {
  it("pushes users, chats, messages and bot calls as they happen", async () => {
    emulator = await startEmulator();
    const { events } = await openEvents(emulator.url);
    const world = await seedLocalWorld(emulator.url);
    const client = new EmulatorClient(emulator.url);
    const chat = world.privateChatId;
    await client.sendMessage({ chat_id: chat, from_id: world.you.id, text: "hi" });
    const api = `${emulator.url}/bot${emulator.defaultToken}`;
    const post = (method: string, body: object) =>
      fetch(`${api}/${method}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    await post("sendMessage", { chat_id: chat, text: "hello" });
    await post("getMe", {});
    await expect.poll(() => events.length).toBe(6);
    expect(events).toEqual([
      { type: "users" },
      { type: "users" },
      { type: "users" },
      { type: "chats" },
      { type: "message", chat_id: chat },
      { type: "message", chat_id: chat },
    ]);
  });

  it("ends its streams when the emulator closes", async () => {
    emulator = await startEmulator();
    const { ended } = await openEvents(emulator.url);
    const started = Date.now();
    await emulator.close();
    await ended;
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it("lets the local world be seeded twice without duplicates", async () => {
    emulator = await startEmulator();
    const first = await seedLocalWorld(emulator.url);
    const second = await seedLocalWorld(emulator.url);
    expect(second.you.id).toBe(first.you.id);
    expect(second.others.map((user) => user.first_name)).toEqual(["Minji", "Alex"]);
    expect(await new EmulatorClient(emulator.url).users()).toHaveLength(3);
  });
});

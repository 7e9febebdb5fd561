// The delay fault: the next calls of a method answer normally, only late.
import { Api } from "grammy";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { EmulatorClient } from "./client.js";
import { startEmulator, type Emulator } from "./index.js";

let emu: Emulator;
let api: Api;
let client: EmulatorClient;

beforeAll(async () => {
  emu = await startEmulator();
  api = new Api(emu.defaultToken, { apiRoot: emu.url });
  client = new EmulatorClient(emu.url);
});
beforeEach(async () => {
  await client.reset();
});
afterAll(async () => {
  await emu.close();
});

it("answers the next `count` calls normally after delay_ms", async () => {
  await client.injectFault({ method: "getme", count: 2, delay_ms: 150 });
  for (let i = 0; i < 2; i++) {
    const started = Date.now();
    await expect(api.getMe()).resolves.toMatchObject({ is_bot: true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  }
  const started = Date.now();
  await api.getMe();
  expect(Date.now() - started).toBeLessThan(140);
  expect((await client.calls({ method: "getMe" })).map((call) => call.ok)).toEqual([
    true,
    true,
    true,
  ]);
  await expect(client.injectFault({ method: "getMe", delay_ms: -1 })).rejects.toThrow(/delay_ms/);
});

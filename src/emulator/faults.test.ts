// The delay fault: the next calls of a method answer normally, only late.
import { expect, it } from "vitest";
import { useEmulator } from "./test-emulator.js";

const env = useEmulator();

it("answers the next `count` calls normally after delay_ms", async () => {
  await env.client.injectFault({ method: "getme", count: 2, delay_ms: 150 });
  for (let i = 0; i < 2; i++) {
    const started = Date.now();
    await expect(env.api.getMe()).resolves.toMatchObject({ is_bot: true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  }
  const started = Date.now();
  await env.api.getMe();
  expect(Date.now() - started).toBeLessThan(140);
  expect((await env.client.calls({ method: "getMe" })).map((call) => call.ok)).toEqual([
    true,
    true,
    true,
  ]);
  await expect(env.client.injectFault({ method: "getMe", delay_ms: -1 })).rejects.toThrow(
    /delay_ms/,
  );
});

// The delay fault: the next calls of a method answer normally, only late. Faults with a duration:
// every call answers with the error for that long, then calls work again.
import { GrammyError } from "grammy";
import { expect, it } from "vitest";
import { FaultList } from "./faults.js";
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

it("holds a fault with duration_ms for every call in that time, then lets calls through", async () => {
  await env.client.injectFault({ method: "getMe", duration_ms: 1500, error_code: 502 });
  const failures: unknown[] = [];
  // Calls keep failing while the outage lasts, however many there are...
  while (failures.length < 5) failures.push(await env.api.getMe().catch((error: unknown) => error));
  for (const failure of failures) {
    expect(failure).toBeInstanceOf(GrammyError);
    expect((failure as GrammyError).error_code).toBe(502);
    expect((failure as GrammyError).description).toBe("Bad Gateway");
  }
  // ...and stop failing once it is over.
  await expect
    .poll(
      () =>
        env.api.getMe().then(
          () => "ok",
          () => "failed",
        ),
      { interval: 50, timeout: 5000 },
    )
    .toBe("ok");
  await expect(
    env.client.injectFault({ method: "getMe", duration_ms: 0, error_code: 502 }),
  ).rejects.toThrow(/duration_ms/);
});

it("counts and times a fault given both, and keeps faults of other methods apart", () => {
  let clock = 1000;
  const faults = new FaultList(() => clock);
  faults.add("getUpdates", 2, { kind: "drop" }, 500);
  faults.add("sendMessage", undefined, { kind: "drop" }, 500);
  faults.add("getMe", undefined, { kind: "drop" });
  expect(faults.take("getupdates")).toEqual({ kind: "drop" });
  expect(faults.take("getUpdates")).toEqual({ kind: "drop" });
  expect(faults.take("getUpdates")).toBeUndefined(); // the count is used up before the time
  for (let i = 0; i < 100; i++) expect(faults.take("sendMessage")).toEqual({ kind: "drop" });
  clock += 500;
  expect(faults.take("sendMessage")).toBeUndefined(); // the time is up
  // A fault without a duration is not timed: one call by default.
  expect(faults.take("getMe")).toEqual({ kind: "drop" });
  expect(faults.take("getMe")).toBeUndefined();
});

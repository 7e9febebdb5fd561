// A store that cannot be reached is told apart from a store that refused what it was asked, and an
// update that meets an outage is retried until the store is back instead of being given up on.
import { createServer, type AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { Bot } from "grammy";
import type { Update } from "grammy/types";
import { describe, expect, it } from "vitest";
import { StoreError } from "../errors.js";
import { createLogger } from "../log.js";
import { openStore } from "../store/index.js";
import { handleUpdate } from "./handle-update.js";
import { isStoreOutage } from "./outage.js";
import { botIdentity } from "../bot/identity.js";

const storeError = (cause?: unknown) =>
  new StoreError({ message: "PostgreSQL store failed to read chat settings", cause });

describe("isStoreOutage", () => {
  it("is true for a refused connection (the real pg error)", async () => {
    const error = await openStore("postgres://nobody@127.0.0.1:1/nothing").catch(
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(StoreError);
    expect(isStoreOutage(error)).toBe(true);
  });

  it("is true for a connection the server drops (the real pg error)", async () => {
    const server = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const error = await openStore(`postgres://nobody@127.0.0.1:${port}/nothing`).catch(
        (thrown: unknown) => thrown,
      );
      expect(error).toBeInstanceOf(StoreError);
      expect(isStoreOutage(error)).toBe(true);
    } finally {
      server.close();
    }
  });

  it.each([
    ["a reset socket", Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" })],
    ["PostgreSQL shutting down", Object.assign(new Error("terminating"), { code: "57P01" })],
    ["a lost connection (08006)", Object.assign(new Error("lost"), { code: "08006" })],
    ["pg-pool's connect timeout", new Error("timeout exceeded when trying to connect")],
    ["SQLite's lock", Object.assign(new Error("database is locked"), { code: "SQLITE_BUSY" })],
    [
      "DynamoDB throttling",
      Object.assign(new Error("slow down"), { name: "ProvisionedThroughputExceededException" }),
    ],
    ["a DynamoDB 503", Object.assign(new Error("oops"), { $metadata: { httpStatusCode: 503 } })],
    [
      "a refusal inside an AggregateError, inside a cause",
      new Error("wrapped", {
        cause: new AggregateError([
          Object.assign(new Error("connect ECONNREFUSED ::1:5432"), { code: "ECONNREFUSED" }),
        ]),
      }),
    ],
  ])("is true for %s", (_name, cause) => {
    expect(isStoreOutage(storeError(cause))).toBe(true);
  });

  it.each([
    ["a value out of range (22003)", Object.assign(new Error("bigint"), { code: "22003" })],
    ["a unique violation (23505)", Object.assign(new Error("dup"), { code: "23505" })],
    [
      "a failed DynamoDB condition",
      Object.assign(new Error("no"), {
        name: "ConditionalCheckFailedException",
        $metadata: { httpStatusCode: 400 },
      }),
    ],
    ["no cause at all", undefined],
  ])("is false for %s", (_name, cause) => {
    expect(isStoreOutage(storeError(cause))).toBe(false);
  });

  it("is false for anything but a StoreError, and survives a cause that loops", () => {
    expect(isStoreOutage(Object.assign(new Error("x"), { code: "ECONNREFUSED" }))).toBe(false);
    const looping = new Error("a");
    (looping as { cause?: unknown }).cause = looping;
    expect(isStoreOutage(storeError(looping))).toBe(false);
  });
});

describe("handleUpdate and a store outage", () => {
  const update: Update = {
    update_id: 7,
    message: {
      message_id: 1,
      date: 0,
      chat: { id: 42, type: "private", first_name: "A" },
      from: { id: 42, is_bot: false, first_name: "A" },
      text: "hi",
    },
  };

  function setup(fail: (call: number) => Error | undefined) {
    const lines: Array<Record<string, unknown>> = [];
    const logger = createLogger({
      level: "debug",
      secrets: [],
      destination: new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
          done();
        },
      }),
    });
    const bot = new Bot("1:unused", {
      botInfo: botIdentity({ id: 1, username: "b_bot" }),
    });
    let calls = 0;
    bot.use(() => {
      const error = fail(++calls);
      if (error !== undefined) throw error;
    });
    const backoff = { baseMs: 1, capMs: 5 };
    return { bot, logger, lines, calls: () => calls, backoff };
  }

  const outage = () =>
    storeError(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }));

  it("keeps retrying past maxAttempts while the store is out of reach, then handles it", async () => {
    const { bot, logger, lines, calls, backoff } = setup((call) =>
      call <= 8 ? outage() : undefined,
    );
    const outcome = await handleUpdate(update, { bot, logger, maxAttempts: 3, backoff });
    expect(outcome).toBe("done");
    expect(calls()).toBe(9);
    expect(lines.filter((line) => line.msg === "update failed; retrying")).toHaveLength(8);
    expect(lines.some((line) => String(line.msg).includes("giving up"))).toBe(false);
  });

  it("stops retrying an outage when told to stop, leaving the update for a later delivery", async () => {
    const controller = new AbortController();
    const { bot, logger } = setup((call) => {
      if (call === 3) controller.abort();
      return outage();
    });
    const outcome = await handleUpdate(update, {
      bot,
      logger,
      maxAttempts: 2,
      backoff: { baseMs: 1, capMs: 5 },
      signal: controller.signal,
    });
    expect(outcome).toBe("aborted");
  });

  it("gives up after maxAttempts on a store error that is not an outage, with one log line", async () => {
    const refused = storeError(Object.assign(new Error("out of range"), { code: "22003" }));
    const { bot, logger, lines, calls, backoff } = setup(() => refused);
    const outcome = await handleUpdate(update, { bot, logger, maxAttempts: 3, backoff });
    expect(outcome).toBe("given-up");
    expect(calls()).toBe(3);
    const givenUp = lines.filter((line) => String(line.msg).includes("giving up"));
    expect(givenUp).toHaveLength(1);
    expect(givenUp[0]).toMatchObject({ updateId: 7, chatId: 42, attempts: 3 });
  });
});

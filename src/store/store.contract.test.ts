// One contract suite, run unchanged against every backend: memory, SQLite (a file), PostgreSQL
// (127.0.0.1:5432, database test, a fresh schema per run; skipped with the reason when it cannot be
// reached) and DynamoDB (dynalite, in-process). Time moves by a fake clock, never by sleeping.
// Backend-only behaviour (migrations, errors, DynamoDB's late deletion) is tested after the contract.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { StoreError } from "../errors.js";
import { claimsFromStore } from "./claims.js";
import { FINISHED_KEEP_MS, REPLY_LINK_KEEP_MS, translationKeyHash } from "./common.js";
import { openStore } from "./index.js";
import { loadSqliteDriver } from "./sqlite-driver.js";
import { useDynalite } from "../../test/support/dynamodb-local.js";
import { POSTGRES_BASE, usePostgres } from "../../test/support/postgres.js";
import type { OpenStoreOptions, Store } from "./types.js";

const T0 = Date.UTC(2026, 0, 15, 12, 0, 0);
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

const dir = mkdtempSync(join(tmpdir(), "babelgram-store-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// PostgreSQL: a schema of this run's own, dropped at the end.
const Database = await loadSqliteDriver();
const postgres = await usePostgres("PostgreSQL store tests");
const { skipReason: pgSkipReason, schema: pgSchema } = postgres;
const pgBase = POSTGRES_BASE;
const pgUrl = (schema?: string) => postgres.url(schema);

// DynamoDB: dynalite on a free port, found by the SDK through AWS_ENDPOINT_URL_DYNAMODB.
await useDynalite();
const dynamoUrl = (table = "babelgram-contract") => `dynamodb:${table}?region=us-east-1`;

interface Backend {
  name: string;
  url: string;
  /** Another store instance over the same data (a second process, a second Lambda). */
  shared: boolean;
  skip?: string | undefined;
  setup?: () => Promise<void>;
}

const backends: Backend[] = [
  { name: "memory", url: "memory:", shared: false },
  { name: "sqlite", url: `sqlite:${join(dir, "contract.db")}`, shared: true },
  {
    name: "postgres",
    url: pgUrl(),
    shared: true,
    skip: pgSkipReason && `PostgreSQL is not reachable at ${pgBase} (${pgSkipReason})`,
  },
  {
    name: "dynamodb",
    url: dynamoUrl(),
    shared: true,
    // The table is made by `store migrate` (or SAM), not on open.
    setup: async () => {
      const store = await openStore(dynamoUrl());
      await store.migrate();
      await store.close();
    },
  },
];

/** A clock that tests move by hand. */
function fakeClock(start = T0) {
  let time = start;
  return { now: () => time, advance: (ms: number) => void (time += ms) };
}

let nextId = 1000;
const freshId = () => ++nextId;

describe.each(backends)("store contract: $name", (backend) => {
  const opened: Store[] = [];
  /** Opens a store over this backend's data; closed after the test. */
  async function open(options: OpenStoreOptions = {}): Promise<Store> {
    const store = await openStore(backend.url, options);
    opened.push(store);
    return store;
  }
  /** A store and a second instance over the same data with the same clock (memory: the same one). */
  async function pair() {
    const clock = fakeClock();
    const a = await open({ now: clock.now });
    const b = backend.shared ? await open({ now: clock.now }) : a;
    return { a, b, clock };
  }

  const title = backend.skip === undefined ? "contract" : `skipped: ${backend.skip}`;
  describe.skipIf(backend.skip !== undefined)(title, () => {
    beforeAll(async () => {
      await backend.setup?.();
    });
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((store) => store.close()));
    });

    describe("chat settings", () => {
      it("returns empty settings for an unknown chat", async () => {
        const store = await open();
        expect(await store.getChatSettings(freshId())).toEqual({});
      });

      it("merges updates and keeps chats apart", async () => {
        const store = await open();
        const [one, group] = [freshId(), -1_001_000_000_000 - freshId()];
        await store.updateChatSettings(one, { targetLanguage: "ja" });
        await store.updateChatSettings(group, { targetLanguage: "fr" });
        await store.updateChatSettings(one, {});
        expect(await store.getChatSettings(one)).toEqual({ targetLanguage: "ja" });
        expect(await store.getChatSettings(group)).toEqual({ targetLanguage: "fr" });
        await store.updateChatSettings(one, { targetLanguage: "de" });
        expect(await store.getChatSettings(one)).toEqual({ targetLanguage: "de" });
      });

      it("removes a field given as undefined (/lang reset)", async () => {
        const store = await open();
        const chat = freshId();
        await store.updateChatSettings(chat, { targetLanguage: "ja" });
        await store.updateChatSettings(chat, { targetLanguage: undefined });
        expect(Object.keys(await store.getChatSettings(chat))).toEqual([]);
      });

      it("returns a copy that the caller cannot use to change the stored settings", async () => {
        const store = await open();
        const chat = freshId();
        await store.updateChatSettings(chat, { targetLanguage: "vi" });
        const copy = await store.getChatSettings(chat);
        copy.targetLanguage = "th";
        expect(await store.getChatSettings(chat)).toEqual({ targetLanguage: "vi" });
      });

      it("round-trips every field the bot keeps: mode, lists, flags", async () => {
        const { a, b } = await pair();
        const chat = -1_001_000_000_000 - freshId();
        const settings = {
          mode: "auto" as const,
          languages: ["ko", "en", "ja"],
          targets: ["en", "zh-TW"],
          showSourceTag: true,
          formality: "formal" as const,
          ignoredUsers: [freshId(), 7_000_000_001],
        };
        await a.updateChatSettings(chat, settings);
        expect(await b.getChatSettings(chat)).toEqual(settings);
        await a.updateChatSettings(chat, {
          showSourceTag: false,
          ignoredUsers: [],
          targets: undefined,
        });
        expect(await b.getChatSettings(chat)).toEqual({
          mode: "auto",
          languages: ["ko", "en", "ja"],
          showSourceTag: false,
          formality: "formal",
          ignoredUsers: [],
        });
        const copy = await b.getChatSettings(chat);
        copy.languages?.push("fr");
        expect((await b.getChatSettings(chat)).languages).toEqual(["ko", "en", "ja"]);
      });

      it.runIf(backend.shared)("keeps settings across a reopen", async () => {
        const chat = freshId();
        const first = await openStore(backend.url);
        await first.updateChatSettings(chat, { targetLanguage: "es" });
        await first.close();
        const second = await open();
        expect(await second.getChatSettings(chat)).toEqual({ targetLanguage: "es" });
      });
    });

    describe("update claims", () => {
      const lease = { leaseMs: 60_000 };

      it("claims an update once: busy while leased, done once finished", async () => {
        const { a, b } = await pair();
        const update = freshId();
        expect(await a.claimUpdate(update, lease)).toBe("claimed");
        expect(await a.claimUpdate(update, lease)).toBe("busy");
        expect(await b.claimUpdate(update, lease)).toBe("busy");
        await a.finishUpdate(update);
        expect(await b.claimUpdate(update, lease)).toBe("done");
        expect(await a.claimUpdate(update, lease)).toBe("done");
        expect(await a.claimUpdate(freshId(), lease)).toBe("claimed");
      });

      it("lets the next delivery claim a released update, but never un-finishes one", async () => {
        const { a, b } = await pair();
        const update = freshId();
        expect(await a.claimUpdate(update, lease)).toBe("claimed");
        await a.releaseUpdate(update);
        expect(await b.claimUpdate(update, lease)).toBe("claimed");
        await b.finishUpdate(update);
        await a.releaseUpdate(update);
        expect(await a.claimUpdate(update, lease)).toBe("done");
        await a.releaseUpdate(freshId()); // never claimed: nothing happens
      });

      it("hands an update over when its lease expires (the worker died)", async () => {
        const { a, b, clock } = await pair();
        const update = freshId();
        expect(await a.claimUpdate(update, lease)).toBe("claimed");
        clock.advance(lease.leaseMs - 1);
        expect(await b.claimUpdate(update, lease)).toBe("busy");
        clock.advance(1);
        expect(await b.claimUpdate(update, lease)).toBe("claimed");
        expect(await a.claimUpdate(update, lease)).toBe("busy");
      });

      it("remembers a finished update for 25 hours, then forgets it", async () => {
        const { a, b, clock } = await pair();
        const update = freshId();
        expect(await a.claimUpdate(update, lease)).toBe("claimed");
        await a.finishUpdate(update);
        expect(FINISHED_KEEP_MS).toBeGreaterThanOrEqual(25 * HOUR);
        clock.advance(FINISHED_KEEP_MS - 1);
        expect(await b.claimUpdate(update, lease)).toBe("done");
        clock.advance(1);
        expect(await b.claimUpdate(update, lease)).toBe("claimed");
      });

      it("gives one claim to many simultaneous deliveries, across instances", async () => {
        const { a, b } = await pair();
        const update = freshId();
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).claimUpdate(update, lease)),
        );
        expect(results.filter((result) => result === "claimed")).toHaveLength(1);
        expect(results.filter((result) => result === "busy")).toHaveLength(19);
      });

      it("serves as the webhook core's UpdateClaims", async () => {
        const store = await open();
        const claims = claimsFromStore(store);
        const update = freshId();
        expect(await claims.claim(update, lease)).toBe("claimed");
        await claims.release(update);
        expect(await claims.claim(update, lease)).toBe("claimed");
        await claims.finish(update);
        expect(await claims.claim(update, lease)).toBe("done");
      });

      it("refuses a lease that is not a positive duration", async () => {
        const store = await open();
        await expect(store.claimUpdate(freshId(), { leaseMs: 0 })).rejects.toThrow(StoreError);
      });
    });

    describe("translation cache", () => {
      const key = (text: string) => ({ provider: "papago", source: "auto", target: "en", text });

      it("returns what was put until it expires", async () => {
        const { a, b, clock } = await pair();
        const hello = key(`안녕하세요 ${freshId()}`);
        expect(await a.getTranslation(hello)).toBeUndefined();
        await a.putTranslation(hello, { text: "Hello", source: "ko" }, { ttlMs: HOUR });
        expect(await b.getTranslation(hello)).toEqual({ text: "Hello", source: "ko" });
        clock.advance(HOUR - 1);
        expect(await b.getTranslation(hello)).toEqual({ text: "Hello", source: "ko" });
        clock.advance(1);
        expect(await b.getTranslation(hello)).toBeUndefined();
        await b.putTranslation(hello, { text: "Hi", source: "ko" }, { ttlMs: HOUR });
        expect(await a.getTranslation(hello)).toEqual({ text: "Hi", source: "ko" });
      });

      it("keys on provider, source, target and the whole text", async () => {
        const store = await open();
        const text = `${"긴 문장. ".repeat(2000)}${freshId()}`;
        const base = key(text);
        await store.putTranslation(base, { text: "long", source: "ko" }, { ttlMs: HOUR });
        expect(await store.getTranslation(base)).toEqual({ text: "long", source: "ko" });
        for (const other of [
          { ...base, provider: "pseudo" },
          { ...base, source: "ko" },
          { ...base, target: "ja" },
          { ...base, text: `${text}.` },
          // Parts must not run into each other.
          { ...base, provider: "papagoauto", source: "" },
        ]) {
          expect(await store.getTranslation(other)).toBeUndefined();
        }
      });

      it("keeps the provider that made a translation, when given", async () => {
        const { a, b } = await pair();
        const [made, unknown] = [key(`by deepl ${freshId()}`), key(`by nobody ${freshId()}`)];
        await a.putTranslation(
          made,
          { text: "x", source: "de", provider: "deepl" },
          { ttlMs: HOUR },
        );
        await a.putTranslation(unknown, { text: "y", source: "de" }, { ttlMs: HOUR });
        expect(await b.getTranslation(made)).toStrictEqual({
          text: "x",
          source: "de",
          provider: "deepl",
        });
        expect(await b.getTranslation(unknown)).toStrictEqual({ text: "y", source: "de" });
        await b.putTranslation(made, { text: "z", source: "de" }, { ttlMs: HOUR });
        expect(await a.getTranslation(made)).toStrictEqual({ text: "z", source: "de" });
      });

      it("replaces an earlier translation of the same text", async () => {
        const store = await open();
        const hello = key(`hello ${freshId()}`);
        await store.putTranslation(hello, { text: "one", source: "en" }, { ttlMs: HOUR });
        await store.putTranslation(hello, { text: "two", source: "en" }, { ttlMs: HOUR });
        expect(await store.getTranslation(hello)).toEqual({ text: "two", source: "en" });
      });
    });

    describe("reply links", () => {
      it("finds the bot's replies by the user's message, in order", async () => {
        const { a, b } = await pair();
        const [chat, message] = [-1_001_000_000_000 - freshId(), freshId()];
        expect(await a.getReplies(chat, message)).toEqual([]);
        await a.linkReplies(chat, message, [message + 3, message + 1, message + 2]);
        expect(await b.getReplies(chat, message)).toEqual([message + 3, message + 1, message + 2]);
        expect(await b.getReplies(chat + 1, message)).toEqual([]);
        expect(await b.getReplies(chat, message + 1)).toEqual([]);
        await b.linkReplies(chat, message, [message + 7]);
        expect(await a.getReplies(chat, message)).toEqual([message + 7]);
      });

      it("takes any whole numbers, negative message ids and large values included", async () => {
        // The bot keeps how a message was translated under its negative id (src/bot/links.ts).
        const { a, b } = await pair();
        const [chat, message] = [freshId(), freshId()];
        const values = [1, 2_821_109_907_455, 694];
        await a.linkReplies(chat, -message, values);
        expect(await b.getReplies(chat, -message)).toEqual(values);
        expect(await b.getReplies(chat, message)).toEqual([]);
      });

      it("forgets links after their ttl, or after the default keep time", async () => {
        const { a, clock } = await pair();
        const [chat, short, long] = [freshId(), freshId(), freshId()];
        await a.linkReplies(chat, short, [1], { ttlMs: HOUR });
        await a.linkReplies(chat, long, [2]);
        clock.advance(HOUR);
        expect(await a.getReplies(chat, short)).toEqual([]);
        expect(await a.getReplies(chat, long)).toEqual([2]);
        clock.advance(REPLY_LINK_KEEP_MS - HOUR);
        expect(await a.getReplies(chat, long)).toEqual([]);
      });
    });

    describe("usage counters", () => {
      it("counts per chat and per user per UTC day", async () => {
        const { a, b, clock } = await pair();
        const [group, ada, bob] = [-freshId(), freshId(), freshId()];
        expect(
          await a.addUsage({ chatId: group, userId: ada, characters: 10, requests: 1 }),
        ).toEqual({
          chat: { characters: 10, requests: 1 },
          user: { characters: 10, requests: 1 },
        });
        expect(
          await b.addUsage({ chatId: group, userId: bob, characters: 5, requests: 1 }),
        ).toEqual({
          chat: { characters: 15, requests: 2 },
          user: { characters: 5, requests: 1 },
        });
        expect(await a.getUsage({ chatId: group })).toEqual({ characters: 15, requests: 2 });
        expect(await a.getUsage({ userId: ada })).toEqual({ characters: 10, requests: 1 });
        // A user's counter is not the private chat with the same id.
        expect(await a.getUsage({ chatId: ada })).toEqual({ characters: 0, requests: 0 });

        clock.advance(DAY);
        expect(await b.getUsage({ chatId: group })).toEqual({ characters: 0, requests: 0 });
        await b.addUsage({ chatId: group, userId: ada, characters: 3, requests: 1 });
        expect(await a.getUsage({ chatId: group })).toEqual({ characters: 3, requests: 1 });
        expect(await a.getUsage({ chatId: group }, "2026-01-15")).toEqual({
          characters: 15,
          requests: 2,
        });
        expect(await a.getUsage({ userId: ada }, "2026-01-16")).toEqual({
          characters: 3,
          requests: 1,
        });
      });

      it("adds concurrent increments from several instances without losing any", async () => {
        const { a, b } = await pair();
        const [chat, user] = [freshId(), freshId()];
        const totals = await Promise.all(
          Array.from({ length: 30 }, (_, i) =>
            (i % 2 ? a : b).addUsage({
              chatId: chat,
              userId: user,
              characters: i + 1,
              requests: 1,
            }),
          ),
        );
        const sum = (30 * 31) / 2;
        expect(await a.getUsage({ chatId: chat })).toEqual({ characters: sum, requests: 30 });
        expect(await b.getUsage({ userId: user })).toEqual({ characters: sum, requests: 30 });
        // Every addition saw a different total: each one was atomic.
        expect(new Set(totals.map((total) => total.chat.requests)).size).toBe(30);
      });

      it("refuses negative or fractional amounts and malformed days", async () => {
        const store = await open();
        await expect(
          store.addUsage({ chatId: 1, userId: 1, characters: -1, requests: 1 }),
        ).rejects.toThrow(StoreError);
        await expect(
          store.addUsage({ chatId: 1, userId: 1, characters: 1, requests: 0.5 }),
        ).rejects.toThrow(StoreError);
        await expect(store.getUsage({ chatId: 1 }, "15.01.2026")).rejects.toThrow(StoreError);
      });
    });

    describe("named counters", () => {
      it("adds, returns the new total, and reads 0 for a counter never counted", async () => {
        const { a, b } = await pair();
        const name = `provider-chars:papago:2026-01:${freshId()}`;
        expect(await a.getCounter(name)).toBe(0);
        expect(await a.addToCounter(name, 120, { ttlMs: DAY })).toBe(120);
        expect(await b.addToCounter(name, 30, { ttlMs: DAY })).toBe(150);
        expect(await b.addToCounter(name, 0, { ttlMs: DAY })).toBe(150);
        expect(await a.getCounter(name)).toBe(150);
        expect(await a.getCounter(`${name}:other`)).toBe(0);
      });

      it("forgets a counter after its ttl, counted from the last addition, then starts again", async () => {
        const { a, b, clock } = await pair();
        const name = `told:user:${freshId()}:2026-01-15`;
        expect(await a.addToCounter(name, 1, { ttlMs: HOUR })).toBe(1);
        clock.advance(HOUR - 1);
        expect(await b.addToCounter(name, 1, { ttlMs: HOUR })).toBe(2);
        clock.advance(HOUR - 1);
        expect(await a.getCounter(name)).toBe(2);
        clock.advance(1);
        expect(await a.getCounter(name)).toBe(0);
        // An expired counter that the backend has not deleted yet starts from the amount.
        expect(await b.addToCounter(name, 5, { ttlMs: HOUR })).toBe(5);
        expect(await a.getCounter(name)).toBe(5);
      });

      it("gives each of many concurrent additions, across instances, its own total", async () => {
        const { a, b } = await pair();
        const name = `concurrent:${freshId()}`;
        const totals = await Promise.all(
          Array.from({ length: 30 }, (_, i) =>
            (i % 2 ? a : b).addToCounter(name, 1, { ttlMs: DAY }),
          ),
        );
        expect([...totals].sort((x, y) => x - y)).toEqual(
          Array.from({ length: 30 }, (_, i) => i + 1),
        );
        expect(await a.getCounter(name)).toBe(30);
      });

      it("refuses bad names, amounts and ttls", async () => {
        const store = await open();
        await expect(store.addToCounter("", 1, { ttlMs: DAY })).rejects.toThrow(StoreError);
        await expect(store.addToCounter("x".repeat(201), 1, { ttlMs: DAY })).rejects.toThrow(
          StoreError,
        );
        await expect(store.addToCounter("a\nb", 1, { ttlMs: DAY })).rejects.toThrow(StoreError);
        await expect(store.addToCounter("n", -1, { ttlMs: DAY })).rejects.toThrow(StoreError);
        await expect(store.addToCounter("n", 1.5, { ttlMs: DAY })).rejects.toThrow(StoreError);
        await expect(store.addToCounter("n", 1, { ttlMs: 0 })).rejects.toThrow(StoreError);
        await expect(store.getCounter("")).rejects.toThrow(StoreError);
      });
    });

    describe("schema", () => {
      it("reports its backend and an up-to-date schema; migrating again changes nothing", async () => {
        const store = await open();
        const info = await store.info();
        expect(info.backend).toBe(backend.name);
        expect(info.schemaVersion).toBe(info.latestVersion);
        expect(info.latestVersion).toBeGreaterThan(0);
        expect(await store.migrate()).toEqual({ from: info.latestVersion, to: info.latestVersion });
      });
    });
  });
});

describe("sqlite store", () => {
  it("throws a StoreError naming the path when the database cannot be opened", async () => {
    const blocker = join(dir, "a-file");
    writeFileSync(blocker, "");
    const path = join(blocker, "x.db");
    await expect(openStore(`sqlite:${path}`)).rejects.toThrow(StoreError);
    await expect(openStore(`sqlite:${path}`)).rejects.toThrow(path);
  });

  it("upgrades a database of the first version, keeping its settings", async () => {
    const path = join(dir, "v1.db");
    const old = new Database(path);
    old.exec(
      "CREATE TABLE chat_settings (chat_id INTEGER PRIMARY KEY, settings TEXT NOT NULL, updated_at INTEGER NOT NULL)",
    );
    old.prepare("INSERT INTO chat_settings VALUES (5, ?, 0)").run('{"targetLanguage":"ja"}');
    old.pragma("user_version = 1");
    old.close();

    const unmigrated = await openStore(`sqlite:${path}`, { migrate: false });
    const info = await unmigrated.info();
    expect(info.schemaVersion).toBe(1);
    await expect(unmigrated.claimUpdate(1, { leaseMs: 1000 })).rejects.toThrow(StoreError);
    expect(await unmigrated.migrate()).toEqual({ from: 1, to: info.latestVersion });
    expect(await unmigrated.claimUpdate(1, { leaseMs: 1000 })).toBe("claimed");
    expect(await unmigrated.getChatSettings(5)).toEqual({ targetLanguage: "ja" });
    await unmigrated.close();
  });

  it("gives each update to exactly one of several processes claiming at once", async () => {
    const path = join(dir, "processes.db");
    await (await openStore(`sqlite:${path}`)).close();
    const ids = Array.from({ length: 200 }, (_, i) => 500_000 + i);
    // Each process opens the file, says "ready", and on "go" claims every id as fast as it can.
    const script = `
      const { openSqliteStore } = await import(${JSON.stringify(new URL("./sqlite.ts", import.meta.url).href)});
      const { loadSqliteDriver } = await import(${JSON.stringify(new URL("./sqlite-driver.ts", import.meta.url).href)});
      const store = openSqliteStore(${JSON.stringify(path)}, { driver: await loadSqliteDriver() });
      process.stdout.write("ready\\n");
      process.stdin.once("data", async () => {
        const won = [];
        for (const id of ${JSON.stringify(ids)}) {
          if ((await store.claimUpdate(id, { leaseMs: 60000 })) === "claimed") won.push(id);
        }
        await store.close();
        process.stdout.write(JSON.stringify(won) + "\\n");
      });`;
    const workers = Array.from({ length: 4 }, () => {
      const child = spawn(
        process.execPath,
        ["--import", "tsx", "--input-type=module", "-e", script],
        {
          stdio: ["pipe", "pipe", "inherit"],
        },
      );
      let output = "";
      const ready = new Promise<void>((resolve) =>
        child.stdout.on("data", (chunk: Buffer) => {
          output += chunk.toString();
          if (output.startsWith("ready\n")) resolve();
        }),
      );
      const done = new Promise<number[]>((resolve, reject) =>
        child.on("exit", (code) =>
          code === 0
            ? resolve(JSON.parse(output.slice("ready\n".length)) as number[])
            : reject(new Error(`claiming process exited with ${code}`)),
        ),
      );
      return { child, ready, done };
    });
    await Promise.all(workers.map((worker) => worker.ready));
    for (const worker of workers) worker.child.stdin.end("go\n");
    const won = (await Promise.all(workers.map((worker) => worker.done))).flat();
    expect(won.sort((x, y) => x - y)).toEqual(ids);
  });

  it("commits the writes of one turn together, each settling once another connection sees it", async () => {
    const path = join(dir, "group-commit.db");
    const store = await openStore(`sqlite:${path}`);
    const reader = new Database(path, { readonly: true });
    const claims = () =>
      (reader.prepare("SELECT COUNT(*) AS n FROM update_claims").get() as { n: number }).n;
    const links = () =>
      (reader.prepare("SELECT COUNT(*) AS n FROM reply_links").get() as { n: number }).n;
    const writes = [
      store.claimUpdate(1, { leaseMs: 1000 }),
      store.finishUpdate(2),
      store.linkReplies(5, 6, [7, 8]),
    ];
    // This process already reads them; nobody else does until the turn's commit.
    expect(await store.getReplies(5, 6)).toEqual([7, 8]);
    expect([claims(), links()]).toEqual([0, 0]);
    const settled = writes.map((write) => write.then(() => [claims(), links()]));
    expect(await Promise.all(settled)).toEqual([
      [2, 1],
      [2, 1],
      [2, 1],
    ]);
    expect(await writes[0]).toBe("claimed");
    reader.close();
    await store.close();
  });

  it("fails only the write that failed among those of its turn", async () => {
    const store = await openStore(`sqlite:${join(dir, "group-failure.db")}`);
    const bad = store.claimUpdate(1, { leaseMs: -5 });
    const good = store.finishUpdate(2);
    await expect(bad).rejects.toThrow(StoreError);
    await expect(good).resolves.toBeUndefined();
    expect(await store.claimUpdate(2, { leaseMs: 1000 })).toBe("done");
    await store.close();
  });

  it("commits what is pending when closed", async () => {
    const url = `sqlite:${join(dir, "group-close.db")}`;
    const store = await openStore(url);
    const finished = store.finishUpdate(3);
    await store.close();
    await expect(finished).resolves.toBeUndefined();
    const again = await openStore(url);
    expect(await again.claimUpdate(3, { leaseMs: 1000 })).toBe("done");
    await again.close();
  });

  it("lets two stores of one process write to one file in the same turn without waiting", async () => {
    const url = `sqlite:${join(dir, "two-stores.db")}`;
    const [a, b] = [await openStore(url), await openStore(url)];
    const started = Date.now();
    const results = await Promise.all([
      a.claimUpdate(9, { leaseMs: 60_000 }),
      b.claimUpdate(9, { leaseMs: 60_000 }),
      a.addToCounter("n", 1, { ttlMs: 60_000 }),
      b.addToCounter("n", 1, { ttlMs: 60_000 }),
    ]);
    // Each waiting for the other's write lock would take busy_timeout (5 s), then fail.
    expect(Date.now() - started).toBeLessThan(2000);
    expect(results.slice(0, 2).sort()).toEqual(["busy", "claimed"]);
    expect(results.slice(2).sort()).toEqual([1, 2]);
    await a.close();
    await b.close();
  });

  it("reports version 0 for a new file opened without migrating", async () => {
    const store = await openStore(`sqlite:${join(dir, "empty.db")}`, { migrate: false });
    expect((await store.info()).schemaVersion).toBe(0);
    await store.close();
  });
});

describe.skipIf(pgSkipReason !== undefined)("postgres store", () => {
  it("migrates once when several instances start at the same moment", async () => {
    const schema = `${pgSchema}_race`;
    const stores = await Promise.all(
      Array.from({ length: 4 }, () => openStore(pgUrl(schema), { migrate: false })),
    );
    const results = await Promise.all(stores.map((store) => store.migrate()));
    const latest = (await stores[0]!.info()).latestVersion;
    expect(results.filter((result) => result.from === 0)).toEqual([{ from: 0, to: latest }]);
    expect(results.filter((result) => result.from === latest)).toHaveLength(3);
    // Opening (which migrates when needed) at the same moment is just as safe.
    const more = await Promise.all(Array.from({ length: 3 }, () => openStore(pgUrl(schema))));
    const client = new pg.Client({ connectionString: pgBase });
    await client.connect();
    const rows = await client.query<{ version: number }>(
      `SELECT version FROM "${schema}".schema_migrations ORDER BY version`,
    );
    await client.end();
    expect(rows.rows.map((row) => row.version)).toEqual(
      Array.from({ length: latest }, (_, i) => i + 1),
    );
    await Promise.all([...stores, ...more].map((store) => store.close()));
  });

  it("reports version 0 for a schema not created yet", async () => {
    const store = await openStore(pgUrl(`${pgSchema}_none`), { migrate: false });
    expect(await store.info()).toMatchObject({ backend: "postgres", schemaVersion: 0 });
    await store.close();
  });

  it("fails with a StoreError that never shows the password", async () => {
    const url = "postgres://babelgram:hunter2-secret@127.0.0.1:9/test";
    const error: unknown = await openStore(url).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StoreError);
    const text = `${String(error)} ${String((error as Error).cause)}`;
    expect(text).toContain("127.0.0.1:9");
    expect(text).not.toContain("hunter2");
  });
});

describe("dynamodb store", () => {
  it("treats expired items as absent although DynamoDB has not deleted them yet", async () => {
    const clock = fakeClock();
    const store = await openStore(dynamoUrl(), { now: clock.now });
    const key = { provider: "papago", source: "ko", target: "en", text: `만료 ${freshId()}` };
    await store.putTranslation(key, { text: "expired", source: "ko" }, { ttlMs: 1500 });
    const [chat, message] = [freshId(), freshId()];
    await store.linkReplies(chat, message, [9], { ttlMs: 1500 });
    clock.advance(1500);
    expect(await store.getTranslation(key)).toBeUndefined();
    expect(await store.getReplies(chat, message)).toEqual([]);

    const raw = DynamoDBDocumentClient.from(new DynamoDBClient({ region: "us-east-1" }));
    const { Item } = await raw.send(
      new GetCommand({
        TableName: "babelgram-contract",
        Key: { pk: `translation#${translationKeyHash(key)}`, sk: "translation" },
      }),
    );
    expect(Item).toMatchObject({ text: "expired", until: T0 + 1500, expires_at: T0 / 1000 + 2 });
    raw.destroy();
    await store.close();
  });

  it("creates its table in `store migrate`, also when two instances do it at once", async () => {
    const url = dynamoUrl("babelgram-migrate");
    const [a, b] = await Promise.all([openStore(url), openStore(url)]);
    expect((await a.info()).schemaVersion).toBe(0);
    const error: unknown = await a.getChatSettings(1).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StoreError);
    expect(String(error)).toContain("babelgram store migrate");
    const results = await Promise.all([a.migrate(), b.migrate()]);
    expect(results).toEqual([
      { from: 0, to: 1 },
      { from: 0, to: 1 },
    ]);
    expect(await a.migrate()).toEqual({ from: 1, to: 1 });
    expect(await b.claimUpdate(1, { leaseMs: 1000 })).toBe("claimed");
    await Promise.all([a.close(), b.close()]);
  });
});

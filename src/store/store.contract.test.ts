// One contract suite, run unchanged against every backend.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { StoreError } from "../errors.js";
import { openStore } from "./index.js";
import type { Store } from "./types.js";

const dir = mkdtempSync(join(tmpdir(), "babelgram-store-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const backends: Array<{ name: string; open: () => Promise<Store>; reopen?: () => Promise<Store> }> = [
  { name: "memory", open: () => openStore("memory:") },
  {
    name: "sqlite",
    open: () => openStore(`sqlite:${join(dir, "contract.db")}`),
    reopen: () => openStore(`sqlite:${join(dir, "contract.db")}`),
  },
];

describe.each(backends)("store contract: $name", ({ open, reopen }) => {
  it("returns empty settings for an unknown chat", async () => {
    const store = await open();
    expect(await store.getChatSettings(987654321)).toEqual({});
    await store.close();
  });

  it("merges updates and keeps chats apart", async () => {
    const store = await open();
    await store.updateChatSettings(1, { targetLanguage: "ja" });
    await store.updateChatSettings(-100200, { targetLanguage: "fr" });
    await store.updateChatSettings(1, {});
    expect(await store.getChatSettings(1)).toEqual({ targetLanguage: "ja" });
    expect(await store.getChatSettings(-100200)).toEqual({ targetLanguage: "fr" });
    await store.updateChatSettings(1, { targetLanguage: "de" });
    expect(await store.getChatSettings(1)).toEqual({ targetLanguage: "de" });
    await store.close();
  });

  it("returns a copy that the caller cannot use to change the stored settings", async () => {
    const store = await open();
    await store.updateChatSettings(7, { targetLanguage: "vi" });
    const copy = await store.getChatSettings(7);
    copy.targetLanguage = "th";
    expect(await store.getChatSettings(7)).toEqual({ targetLanguage: "vi" });
    await store.close();
  });

  it.runIf(reopen !== undefined)("keeps settings across a reopen", async () => {
    const first = await open();
    await first.updateChatSettings(42, { targetLanguage: "es" });
    await first.close();
    const second = await reopen!();
    expect(await second.getChatSettings(42)).toEqual({ targetLanguage: "es" });
    await second.close();
  });
});

describe("sqlite store errors", () => {
  it("throws a StoreError naming the path when the database cannot be opened", async () => {
    const blocker = join(dir, "a-file");
    writeFileSync(blocker, "");
    const path = join(blocker, "x.db");
    await expect(openStore(`sqlite:${path}`)).rejects.toThrow(StoreError);
    await expect(openStore(`sqlite:${path}`)).rejects.toThrow(path);
  });
});

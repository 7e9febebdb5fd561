import { describe, expect, it } from "vitest";
import { createMemoryStore } from "../store/memory.js";
import { decodeLanguage, encodeLanguage, readLink, writeLink } from "./links.js";

describe("links", () => {
  it("encodes language codes as numbers and back", () => {
    expect(encodeLanguage("ja")).toBe(694);
    expect(encodeLanguage("zh-TW")).toBe(59_580_788);
    for (const code of ["en", "ko", "zh-TW", "zh-CN", "pt", "fil", "sr-Latn".toLowerCase()]) {
      const value = encodeLanguage(code);
      expect(value).toBeDefined();
      expect(decodeLanguage(value ?? 0)?.toLowerCase()).toBe(code.toLowerCase());
    }
    expect(decodeLanguage(encodeLanguage("zh-TW") ?? 0)).toBe("zh-TW");
    expect(encodeLanguage("<b>")).toBeUndefined();
    expect(decodeLanguage(1)).toBeUndefined();
  });

  it("keeps the replies, and how they were asked for, per message", async () => {
    const store = createMemoryStore();
    expect(await readLink(store, 5, 10)).toBeUndefined();
    await writeLink(store, 5, 10, { replies: [11, 12] });
    expect(await readLink(store, 5, 10)).toEqual({ replies: [11, 12] });
    await writeLink(store, 5, 20, { replies: [21], asked: { targets: ["ja", "zh-TW"] } });
    expect(await readLink(store, 5, 20)).toEqual({
      replies: [21],
      asked: { targets: ["ja", "zh-TW"] },
    });
    // Forgotten: no replies left (the translation was deleted).
    await writeLink(store, 5, 20, { replies: [] });
    expect(await readLink(store, 5, 20)).toBeUndefined();
    expect(await store.getReplies(5, -20)).toEqual([]);
  });
});

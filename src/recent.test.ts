import { describe, expect, it } from "vitest";
import { createRecent } from "./recent.js";

describe("createRecent", () => {
  it("forgets the least recently used entry past maxEntries", () => {
    const recent = createRecent<number>({ maxEntries: 2, maxAgeMs: 60_000 });
    recent.set("a", 1);
    recent.set("b", 2);
    expect(recent.get("a")).toBe(1); // "a" is now the most recently used
    recent.set("c", 3);
    expect(recent.get("b")).toBeUndefined();
    expect(recent.get("a")).toBe(1);
    expect(recent.get("c")).toBe(3);
    expect(recent.size).toBe(2);
  });

  it("forgets an entry once its age reaches maxAgeMs, by the caller's clock", () => {
    let time = 1_000;
    const recent = createRecent<string>({ maxEntries: 10, maxAgeMs: 500, now: () => time });
    recent.set("k", "v");
    time += 499;
    expect(recent.get("k")).toBe("v");
    time += 1;
    expect(recent.get("k")).toBeUndefined();
    expect(recent.size).toBe(0);
  });

  it("keeps nothing when maxEntries is 0", () => {
    const recent = createRecent<string>({ maxEntries: 0, maxAgeMs: 500 });
    recent.set("k", "v");
    expect(recent.get("k")).toBeUndefined();
  });
});

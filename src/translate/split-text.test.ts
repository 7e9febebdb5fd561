import { describe, expect, it } from "vitest";
import { splitText } from "./split-text.js";

/** A small seeded PRNG (mulberry32), so that the generated texts are the same on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = [
  "hello",
  "translation",
  "오늘은",
  "날씨가",
  "좋네요",
  "こんにちは",
  "今日は",
  "天気",
  "ภาษาไทย",
  "สวัสดี",
  "😀",
  "👩‍💻",
  "🇰🇷",
  "é",
  "https://example.com/a/very/long/path?with=query",
  "x".repeat(60),
];
const SEPARATORS = [
  " ",
  " ",
  " ",
  " ",
  ". ",
  "! ",
  "? ",
  "。",
  "！",
  "… ",
  "\n",
  "\n\n",
  "\n \n\n",
];

function generate(seed: number, length: number): string {
  const next = random(seed);
  const pick = <T>(list: T[]): T => list[Math.floor(next() * list.length)] as T;
  let text = "";
  while (text.length < length) text += pick(WORDS) + (next() < 0.7 ? pick(SEPARATORS) : "");
  return text;
}

const isHigh = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLow = (code: number) => code >= 0xdc00 && code <= 0xdfff;

function checkInvariants(text: string, max: number): string[] {
  const chunks = splitText(text, max);
  expect(chunks.join("")).toBe(text);
  let offset = 0;
  chunks.forEach((chunk, i) => {
    expect(chunk.length).toBeLessThanOrEqual(max);
    expect(chunk.length).toBeGreaterThan(0);
    expect(isHigh(chunk.charCodeAt(chunk.length - 1))).toBe(false);
    expect(isLow(chunk.charCodeAt(0))).toBe(false);
    if (i < chunks.length - 1) {
      // The best kind of boundary the window offered is the one that was used.
      const window = text.slice(offset, offset + max);
      const content = window.search(/\S/);
      const after = window.slice(content + 1);
      if (/\n[^\S\n]*\n/.test(after)) expect(chunk).toMatch(/\n[^\S\n]*\n$/);
      else if (after.includes("\n")) expect(chunk).toMatch(/\n$/);
      else if (/[.!?…]["'”’)\]]*[^\S\n]|[。！？]/.test(after)) {
        expect(chunk).toMatch(/(?:[.!?…]["'”’)\]]*[^\S\n]+|[。！？][^\S\n]*)$/);
      } else if (/\s/.test(after)) expect(chunk).toMatch(/\s$/);
    }
    offset += chunk.length;
  });
  return chunks;
}

describe("splitText", () => {
  it("returns short text (and text of exactly the limit) as one chunk", () => {
    expect(splitText("", 10)).toEqual([""]);
    expect(splitText("hello", 10)).toEqual(["hello"]);
    expect(splitText("0123456789", 10)).toEqual(["0123456789"]);
  });

  it("rejects limits that could not hold a surrogate pair", () => {
    expect(() => splitText("text", 1)).toThrow(RangeError);
    expect(() => splitText("text", 2.5)).toThrow(RangeError);
  });

  it.each([
    [1, 20],
    [2, 37],
    [3, 100],
    [4, 250],
    [5, 4096],
    [6, 5000],
  ])("keeps its invariants on generated text (seed %i, max %i)", (seed, max) => {
    const text = generate(seed, max * 7 + 13);
    const chunks = checkInvariants(text, max);
    expect(chunks.length).toBeGreaterThan(1);
  });

  it("prefers paragraph breaks, then lines, then sentences, then spaces", () => {
    expect(splitText("First para.\n\nSecond line\nthird. and more", 30)).toEqual([
      "First para.\n\n",
      "Second line\nthird. and more",
    ]);
    expect(splitText("One line. Still one\nTwo lines", 22)).toEqual([
      "One line. Still one\n",
      "Two lines",
    ]);
    expect(splitText("A sentence. Another one here", 20)).toEqual([
      "A sentence. ",
      "Another one here",
    ]);
    expect(splitText("no sentence ends here at all", 20)).toEqual([
      "no sentence ends ",
      "here at all",
    ]);
  });

  it("does not take a decimal point or a dotted name for a sentence end", () => {
    expect(splitText("pi is 3.14159 see example.com ok", 20)).toEqual([
      "pi is 3.14159 see ",
      "example.com ok",
    ]);
  });

  it("cuts Japanese and Chinese after full-width sentence ends", () => {
    expect(splitText("今日は晴れです。明日は雨でしょう。", 12)).toEqual([
      "今日は晴れです。",
      "明日は雨でしょう。",
    ]);
  });

  it("cuts Thai, written without spaces between words, at word boundaries", () => {
    const word = "ภาษาไทย";
    const text = word.repeat(30);
    const chunks = checkInvariants(text, 50);
    const boundaries = new Set(
      [...new Intl.Segmenter(undefined, { granularity: "word" }).segment(text)].map((s) => s.index),
    );
    let offset = 0;
    for (const chunk of chunks.slice(0, -1)) {
      offset += chunk.length;
      expect(boundaries.has(offset)).toBe(true);
    }
  });

  it("never cuts an emoji, a ZWJ sequence or a flag at the limit", () => {
    expect(splitText("aaaaaaaaa😀bbb", 10)).toEqual(["aaaaaaaaa", "😀bbb"]);
    expect(splitText("😀".repeat(7), 5)).toEqual(["😀😀", "😀😀", "😀😀", "😀"]);
    expect(splitText("aaaaaaa👩‍💻", 10)).toEqual(["aaaaaaa", "👩‍💻"]);
    expect(splitText("aaaaaaaaa🇰🇷", 10)).toEqual(["aaaaaaaaa", "🇰🇷"]);
    // A cluster longer than the limit can only be cut between code points.
    const family = "👨‍👩‍👧‍👦";
    const chunks = checkInvariants(family, 4);
    expect(chunks.length).toBeGreaterThan(1);
  });

  it("does not make chunks of whitespace alone", () => {
    const chunks = splitText("\n\n\nHello there, friend", 10);
    expect(chunks.join("")).toBe("\n\n\nHello there, friend");
    for (const chunk of chunks) expect(chunk.trim()).not.toBe("");
  });

  it("splits a 12,000-character Korean text into sentences of at most 5000", () => {
    const sentences = [
      "오늘은 날씨가 정말 좋네요. ",
      "점심으로 무엇을 먹을까요? ",
      "저는 비빔밥이 좋아요! ",
      "회의는 세 시에 시작합니다.\n",
    ];
    let text = "";
    for (let i = 0; text.length < 12_000; i++) text += sentences[i % sentences.length];
    text = text.slice(0, 12_000);
    const chunks = checkInvariants(text, 5000);
    expect(chunks).toHaveLength(3);
    for (const chunk of chunks.slice(0, -1)) {
      expect(chunk).toMatch(/\n$/);
      expect(chunk.length).toBeGreaterThan(4900);
    }
  });
});

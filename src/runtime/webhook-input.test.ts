// parseUpdate on hostile bodies: it answers (ok or a reason), it never throws.
import { describe, expect, it } from "vitest";
import { parseUpdate } from "./webhook-input.js";

const parse = (text: string | Buffer) =>
  parseUpdate(typeof text === "string" ? Buffer.from(text) : text);

describe("parseUpdate", () => {
  it("takes nesting far deeper than any stack (V8 parses JSON without recursion)", () => {
    const depth = 500_000;
    const deep = "[".repeat(depth) + "]".repeat(depth);
    expect(parse(deep)).toEqual({ ok: false, reason: "body is not a JSON object" });
    const inside = parse(`{"update_id":1,"message":{"text":${deep}}}`);
    expect(inside.ok).toBe(true);
    // Unbalanced: not JSON, no crash.
    expect(parse("[".repeat(depth)).ok).toBe(false);
  });

  it.each([
    ["1e400", "Infinity"],
    ["-1", "negative"],
    ["1.5", "fractional"],
    ["9007199254740993", "past 2^53"],
    ['"1"', "a string"],
    ["null", "null"],
    ["[1]", "an array"],
  ])("refuses update_id %s (%s)", (id) => {
    expect(parse(`{"update_id":${id},"message":{}}`)).toMatchObject({ ok: false });
  });

  it("reads invalid UTF-8 as U+FFFD instead of failing", () => {
    const body = Buffer.concat([
      Buffer.from('{"update_id":7,"message":{"text":"a'),
      Buffer.from([0xff, 0xc0, 0xaf, 0xed, 0xa0, 0x80]),
      Buffer.from('b"}}'),
    ]);
    const parsed = parse(body);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      const text = (parsed.update.message as unknown as { text: string }).text;
      expect(text.startsWith("a\ufffd")).toBe(true);
      expect(text.endsWith("\ufffdb")).toBe(true);
    }
  });

  it.each([
    ["", "body is not JSON"],
    ["\ufeff{}", "body is not JSON"],
    ['{"update_id":1,"message":{},"edited_message":{}}', "an update carries one type"],
    ['{"update_id":1,"message":"x"}', "message is not an object"],
    ['{"update_id":1,"__proto__":[]}', "__proto__ is not an object"],
  ])("refuses %j", (body, reason) => {
    const parsed = parse(body);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toContain(reason);
  });

  it("accepts a type it does not know, and a bare update_id", () => {
    expect(parse('{"update_id":1,"from_the_future":{}}')).toMatchObject({
      ok: true,
      type: "from_the_future",
    });
    expect(parse('{"update_id":0}')).toMatchObject({ ok: true, type: undefined });
  });
});

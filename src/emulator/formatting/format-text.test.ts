// formatMessageText and applyParseMode: markup or given entities, tdlib's clean-up, the entities
// Telegram finds by itself, and the limits, with Telegram's refusals.
import type { MessageEntity } from "grammy/types";
import { describe, expect, it } from "vitest";
import { applyParseMode, formatMessageText, type MessageTextInput } from "./index.js";
import { cantParse, refusal } from "./test-helpers.js";

const format = (text: string, options: Partial<MessageTextInput> = {}) =>
  formatMessageText({ text, limit: 4096, ...options });
const html = (text: string) => format(text, { parseMode: "HTML" });

describe("applyParseMode", () => {
  it("takes mode names in any case, and none or no mode as plain text", () => {
    expect(applyParseMode("<b>x</b>", "hTmL").entities).toEqual([
      { type: "bold", offset: 0, length: 1 },
    ]);
    expect(applyParseMode("*x*", "markdownV2").entities).toHaveLength(1);
    expect(applyParseMode("*x*", "MARKDOWN").entities).toHaveLength(1);
    expect(applyParseMode("<b>x</b>", undefined)).toEqual({ text: "<b>x</b>", entities: [] });
    expect(applyParseMode("<b>x</b>", "None")).toEqual({ text: "<b>x</b>", entities: [] });
    expect(refusal(() => applyParseMode("x", "Bold"))).toBe("Bad Request: unsupported parse_mode");
  });

  it("refuses markup over 65536 characters", () => {
    expect(refusal(() => applyParseMode("😀".repeat(65537), "HTML"))).toBe(
      cantParse("Text is too long"),
    );
    expect(applyParseMode("x".repeat(65536), "HTML").text).toHaveLength(65536);
  });
});

describe("formatMessageText", () => {
  it("refuses an empty text, and a text markup or whitespace leaves empty", () => {
    expect(refusal(() => format("", { parseMode: "HTML" }))).toBe(
      "Bad Request: message text is empty",
    );
    expect(refusal(() => html("<b></b>"))).toBe("Bad Request: text must be non-empty");
    expect(refusal(() => html("<i> \n </i>"))).toBe("Bad Request: text must be non-empty");
    expect(refusal(() => format(" \n "))).toBe("Bad Request: text must be non-empty");
    expect(refusal(() => format("*`` ``*", { parseMode: "MarkdownV2" }))).toBe(
      "Bad Request: text must be non-empty",
    );
  });

  it("lets a caption be empty", () => {
    expect(format("", { caption: true, limit: 1024 })).toEqual({ text: "", entities: [] });
    expect(format("<b> </b>", { caption: true, limit: 1024, parseMode: "HTML" })).toEqual({
      text: "",
      entities: [],
    });
  });

  it("checks the limit on the parsed text", () => {
    expect(html(`<b>${"x".repeat(4096)}</b>`).text).toHaveLength(4096);
    expect(refusal(() => html(`<b>${"x".repeat(4097)}</b>`))).toBe(
      "Bad Request: message is too long",
    );
    expect(refusal(() => format("y".repeat(1025), { caption: true, limit: 1024 }))).toBe(
      "Bad Request: message caption is too long",
    );
  });

  it("cuts spaces and newlines around the text, the leading ones only up to the first entity", () => {
    expect(html("\n  <b>hi</b>  \n")).toEqual({
      text: "hi",
      entities: [{ type: "bold", offset: 0, length: 2 }],
    });
    expect(html(" <b> hi</b> ")).toEqual({
      text: " hi",
      entities: [{ type: "bold", offset: 0, length: 3 }],
    });
    expect(html("<b>hi </b>there")).toEqual({
      text: "hi there",
      entities: [{ type: "bold", offset: 0, length: 3 }],
    });
  });

  it("turns control characters into spaces and drops carriage returns, moving entities", () => {
    expect(html("a\r\n<b>b\tc</b>\r")).toEqual({
      text: "a\nb c",
      entities: [{ type: "bold", offset: 2, length: 3 }],
    });
    expect(format("x\u2028y\u200f\u200fz").text).toBe("xy\u200c\u200fz");
  });

  it("adds the entities Telegram finds, and splits bold around them", () => {
    expect(html("<b>see https://example.com now</b> /start")).toEqual({
      text: "see https://example.com now /start",
      entities: [
        { type: "bold", offset: 0, length: 4 },
        { type: "url", offset: 4, length: 19 },
        { type: "bold", offset: 4, length: 19 },
        { type: "bold", offset: 23, length: 4 },
        { type: "bot_command", offset: 28, length: 6 },
      ],
    });
    expect(
      html("<code>https://example.com</code> <a href='https://t.me'>@durov</a>").entities,
    ).toEqual([
      { type: "code", offset: 0, length: 19 },
      { type: "text_link", offset: 20, length: 6, url: "https://t.me/" },
    ]);
  });

  it("keeps nesting Telegram allows and drops what it does not", () => {
    expect(html("<pre><b>x</b></pre>").entities).toEqual([{ type: "pre", offset: 0, length: 1 }]);
    expect(html("<b><i>x</i></b>").entities).toEqual([
      { type: "bold", offset: 0, length: 1 },
      { type: "italic", offset: 0, length: 1 },
    ]);
    expect(html("<b>a</b><b>b</b>").entities).toEqual([{ type: "bold", offset: 0, length: 2 }]);
    const overlapping: MessageEntity[] = [
      { type: "bold", offset: 0, length: 5 },
      { type: "bold", offset: 3, length: 5 },
      { type: "code", offset: 9, length: 2 },
      { type: "pre", offset: 9, length: 3 },
    ];
    expect(format("abcdefgh ijk", { entities: overlapping }).entities).toEqual([
      { type: "bold", offset: 0, length: 8 },
      { type: "pre", offset: 9, length: 3 },
    ]);
    // Links and code cannot contain each other; tdlib keeps the code.
    expect(html('<a href="https://x.org"><code>t</code></a>').entities).toEqual([
      { type: "code", offset: 0, length: 1 },
    ]);
  });

  it("uses given entities only without parse_mode, and finds detectable ones itself", () => {
    const given: MessageEntity[] = [
      { type: "italic", offset: 0, length: 4 },
      { type: "url", offset: 0, length: 2 },
    ];
    expect(format("<b>x</b>", { parseMode: "HTML", entities: given })).toEqual({
      text: "x",
      entities: [{ type: "bold", offset: 0, length: 1 }],
    });
    expect(
      format("  text @someone ", { entities: [{ type: "bold", offset: 2, length: 4 }] }),
    ).toEqual({
      text: "text @someone",
      entities: [
        { type: "bold", offset: 0, length: 4 },
        { type: "mention", offset: 5, length: 8 },
      ],
    });
    expect(format("text", { entities: given, parseMode: "none" }).entities).toEqual([
      { type: "italic", offset: 0, length: 4 },
    ]);
  });

  it("fills in a mentioned user Telegram knows", () => {
    const ann = { id: 1001, is_bot: false, first_name: "Ann", username: "ann" };
    const mentioned = format('<a href="tg://user?id=1001">Ann</a> <a href="tg://user?id=7">X</a>', {
      parseMode: "HTML",
      findUser: (id) => (id === ann.id ? ann : undefined),
    });
    expect(mentioned.entities).toEqual([
      { type: "text_mention", offset: 0, length: 3, user: ann },
      {
        type: "text_mention",
        offset: 4,
        length: 1,
        user: { id: 7, is_bot: false, first_name: "" },
      },
    ]);
  });

  it("passes parse errors on", () => {
    expect(refusal(() => format("Hi!", { parseMode: "MarkdownV2" }))).toBe(
      cantParse("Character '!' is reserved and must be escaped with the preceding '\\'"),
    );
  });
});

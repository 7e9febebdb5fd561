// parse_mode Markdown (legacy): tdlib's parse_markdown, entity by entity, no nesting.
import { describe, expect, it } from "vitest";
import { parseMarkdown } from "./markdown.js";
import { cantParse, refusal } from "./test-helpers.js";

describe("parseMarkdown (legacy)", () => {
  it("reads bold, italic, code and pre, with UTF-16 offsets", () => {
    expect(parseMarkdown("*bold* _italic_ `code` 😀 *한국*")).toEqual({
      text: "bold italic code 😀 한국",
      entities: [
        { type: "bold", offset: 0, length: 4 },
        { type: "italic", offset: 5, length: 6 },
        { type: "code", offset: 12, length: 4 },
        { type: "bold", offset: 20, length: 2 },
      ],
    });
  });

  it("does not nest: marks inside an entity are text", () => {
    expect(parseMarkdown("*a _b_ c*")).toEqual({
      text: "a _b_ c",
      entities: [{ type: "bold", offset: 0, length: 7 }],
    });
  });

  it("leaves other characters alone and unescapes only _ * ` [", () => {
    expect(parseMarkdown("1 + 2 = 3. (ok!) \\_x\\* \\` \\[ \\.")).toEqual({
      text: "1 + 2 = 3. (ok!) _x* ` [ \\.",
      entities: [],
    });
  });

  it("reads pre blocks with a language and skips one leading line break", () => {
    expect(parseMarkdown("```js\nlet a = 1;\n```")).toEqual({
      text: "let a = 1;\n",
      entities: [{ type: "pre", offset: 0, length: 11, language: "js" }],
    });
    expect(parseMarkdown("```\nplain```")).toEqual({
      text: "plain",
      entities: [{ type: "pre", offset: 0, length: 5 }],
    });
    expect(parseMarkdown("```one```")).toEqual({
      text: "one",
      entities: [{ type: "pre", offset: 0, length: 3 }],
    });
  });

  it("makes links and mentions, and nothing of an invalid URL", () => {
    expect(parseMarkdown("[site](https://example.com) [me](tg://user?id=42) [x](nope)")).toEqual({
      text: "site me x",
      entities: [
        { type: "text_link", offset: 0, length: 4, url: "https://example.com/" },
        {
          type: "text_mention",
          offset: 5,
          length: 2,
          user: { id: 42, is_bot: false, first_name: "" },
        },
      ],
    });
    // tdlib rewrites the text in place and then reads a [url] without (url) from the rewritten
    // bytes, one character off: Telegram's own bug, kept.
    expect(parseMarkdown("[example.com]").entities).toEqual([
      { type: "text_link", offset: 0, length: 11, url: "http://xample.comm/" },
    ]);
  });

  it("keeps an empty entity's (url) as text", () => {
    expect(parseMarkdown("[](example.com) **")).toEqual({ text: "(example.com) ", entities: [] });
  });

  it("refuses an unterminated entity with its UTF-8 byte offset", () => {
    expect(refusal(() => parseMarkdown("🏟 *bold"))).toBe(
      cantParse("Can't find end of the entity starting at byte offset 5"),
    );
    expect(refusal(() => parseMarkdown("snake_case"))).toBe(
      cantParse("Can't find end of the entity starting at byte offset 5"),
    );
    expect(refusal(() => parseMarkdown("```code``"))).toBe(
      cantParse("Can't find end of the entity starting at byte offset 0"),
    );
  });
});

// parse_mode MarkdownV2 against tdlib's own test cases (test/message_entities.cpp) and a few of
// ours; escaping and errors are in markdown-v2-errors.test.ts.
import type { MessageEntity } from "grammy/types";
import { describe, expect, it } from "vitest";
import { parseMarkdownV2 } from "./markdown-v2.js";

type Kind = "bold" | "italic" | "underline" | "strikethrough" | "spoiler" | "code" | "pre";
type Quote = "blockquote" | "expandable_blockquote";
const e = (type: Kind | Quote, offset: number, length: number): MessageEntity => ({
  type,
  offset,
  length,
});

describe("parseMarkdownV2", () => {
  it("counts offsets in UTF-16 units", () => {
    expect(parseMarkdownV2("🏟 🏟_abac \\* asd _")).toEqual({
      text: "🏟 🏟abac * asd ",
      entities: [e("italic", 5, 11)],
    });
    expect(parseMarkdownV2("🏟 \\.🏟_🏟\\. 🏟_")).toEqual({
      text: "🏟 .🏟🏟. 🏟",
      entities: [e("italic", 6, 6)],
    });
    expect(parseMarkdownV2("➡️ ➡️_➡️ ➡️_*➡️ ➡️*").entities).toEqual([
      e("italic", 5, 5),
      e("bold", 10, 5),
    ]);
    expect(parseMarkdownV2("한국어 *굵게* 😀 _기울임_")).toEqual({
      text: "한국어 굵게 😀 기울임",
      entities: [e("bold", 4, 2), e("italic", 10, 3)],
    });
  });

  it("nests, tells _ from __, and drops empty entities", () => {
    expect(parseMarkdownV2("🏟 🏟_🏟 *🏟*_").entities).toEqual([e("italic", 5, 5), e("bold", 8, 2)]);
    expect(parseMarkdownV2("🏟 🏟_🏟 __🏟___").entities).toEqual([
      e("italic", 5, 5),
      e("underline", 8, 2),
    ]);
    expect(parseMarkdownV2("🏟 🏟__🏟 _🏟_ __")).toEqual({
      text: "🏟 🏟🏟 🏟 ",
      entities: [e("underline", 5, 6), e("italic", 8, 2)],
    });
    expect(parseMarkdownV2("🏟 🏟__🏟 _🏟_\\___").text).toBe("🏟 🏟🏟 🏟_");
    expect(parseMarkdownV2("||test||").entities).toEqual([e("spoiler", 0, 4)]);
    for (const empty of ["🏟 🏟**", "🏟 🏟``", "🏟 🏟``````", "🏟 🏟____"]) {
      expect(parseMarkdownV2(empty)).toEqual({ text: "🏟 🏟", entities: [] });
    }
    expect(parseMarkdownV2("`_* *_`__*` `*__")).toEqual({
      text: "_* *_ ",
      entities: [e("code", 0, 5), e("code", 5, 1), e("bold", 5, 1), e("underline", 5, 1)],
    });
    expect(parseMarkdownV2("_* * ` `_").entities).toEqual([
      e("italic", 0, 3),
      e("bold", 0, 1),
      e("code", 2, 1),
    ]);
    const all =
      "*bold _italic bold ~italic bold strikethrough ||italic bold strikethrough spoiler||~ __underline italic bold___ bold*";
    expect(parseMarkdownV2(all).entities).toEqual([
      e("bold", 0, 103),
      e("italic", 5, 93),
      e("strikethrough", 17, 59),
      e("spoiler", 43, 33),
      e("underline", 77, 21),
    ]);
  });

  it("reads code and pre blocks, with a language and one leading line break skipped", () => {
    expect(parseMarkdownV2("🏟 🏟`🏟 🏟```").entities).toEqual([e("code", 5, 5)]);
    expect(parseMarkdownV2("🏟 🏟```🏟 🏟```")).toEqual({
      text: "🏟 🏟 🏟",
      entities: [{ type: "pre", offset: 5, length: 3, language: "🏟" }],
    });
    for (const newline of ["\n", "\r", "\n\r", "\r\n"]) {
      expect(parseMarkdownV2(`🏟 🏟\`\`\`🏟${newline}🏟\`\`\``)).toEqual({
        text: "🏟 🏟🏟",
        entities: [{ type: "pre", offset: 5, length: 2, language: "🏟" }],
      });
    }
    expect(parseMarkdownV2("🏟 🏟```🏟\n\n🏟```").text).toBe("🏟 🏟\n🏟");
    expect(parseMarkdownV2("🏟 🏟```🏟 \\\\\\`🏟```")).toEqual({
      text: "🏟 🏟 \\`🏟",
      entities: [{ type: "pre", offset: 5, length: 5, language: "🏟" }],
    });
    expect(parseMarkdownV2("```python\nprint(1 + 2)\n```")).toEqual({
      text: "print(1 + 2)\n",
      entities: [{ type: "pre", offset: 0, length: 13, language: "python" }],
    });
    expect(parseMarkdownV2("```\nno language\n```").entities).toEqual([e("pre", 0, 12)]);
  });

  it("makes text links, text mentions and custom emoji", () => {
    expect(parseMarkdownV2("[](telegram.org)")).toEqual({ text: "", entities: [] });
    const link = (url: string, length = 12) => [{ type: "text_link", offset: 0, length, url }];
    expect(parseMarkdownV2("[ ](telegram.org)").entities).toEqual(link("http://telegram.org/", 1));
    expect(parseMarkdownV2("[ ](as)")).toEqual({ text: " ", entities: [] });
    expect(parseMarkdownV2("[telegram\\.org]").entities).toEqual(link("http://telegram.org/"));
    expect(parseMarkdownV2("[telegram\\.org]a").text).toBe("telegram.orga");
    expect(parseMarkdownV2("[telegram\\.org](telegram.dog)").entities).toEqual(
      link("http://telegram.dog/"),
    );
    expect(parseMarkdownV2("[telegram\\.org](https://telegram.dog?)").entities).toEqual(
      link("https://telegram.dog/?"),
    );
    expect(parseMarkdownV2("[telegram\\.org](https://telegram.dog?\\\\\\()").entities).toEqual(
      link("https://telegram.dog/?\\("),
    );
    expect(parseMarkdownV2("[telegram\\.org]()").entities).toEqual([]);
    expect(parseMarkdownV2("[telegram\\.org](asdasd)").entities).toEqual([]);
    expect(parseMarkdownV2("[telegram\\.org](tg:user?id=123456)").entities).toEqual([
      {
        type: "text_mention",
        offset: 0,
        length: 12,
        user: { id: 123456, is_bot: false, first_name: "" },
      },
    ]);
    expect(parseMarkdownV2("🏟 🏟![👍](TG://EMoJI/?test=1231&id=25#id=32)a")).toEqual({
      text: "🏟 🏟👍a",
      entities: [{ type: "custom_emoji", offset: 5, length: 2, custom_emoji_id: "25" }],
    });
  });

  it("reads block quotes line by line", () => {
    expect(parseMarkdownV2("> \n> \n>")).toEqual({
      text: " \n \n",
      entities: [e("blockquote", 0, 4)],
    });
    expect(parseMarkdownV2("> \\>\n \\> \n>")).toEqual({
      text: " >\n > \n",
      entities: [e("blockquote", 0, 3)],
    });
    expect(parseMarkdownV2("abc\n> \n> \n>\ndef")).toEqual({
      text: "abc\n \n \n\ndef",
      entities: [e("blockquote", 4, 5)],
    });
    expect(parseMarkdownV2(">")).toEqual({ text: "", entities: [] });
    expect(parseMarkdownV2(">a").entities).toEqual([e("blockquote", 0, 1)]);
    expect(parseMarkdownV2("\r>a").entities).toEqual([e("blockquote", 1, 1)]);
    expect(parseMarkdownV2("\r\r>\r\ra\r\n\r")).toEqual({
      text: "\r\r\r\ra\r\n\r",
      entities: [e("blockquote", 2, 5)],
    });
    expect(parseMarkdownV2(">*b\n>ld \n>bo\n>ld*\nasd\ndef")).toEqual({
      text: "b\nld \nbo\nld\nasd\ndef",
      entities: [e("blockquote", 0, 12), e("bold", 0, 11)],
    });
    expect(parseMarkdownV2("*a\n>b\n>ld \n>bo\n>ld\nasd*\ndef").entities).toEqual([
      e("bold", 0, 17),
      e("blockquote", 2, 12),
    ]);
    expect(parseMarkdownV2(">`b\n>ld \n>bo\nld`\n>asd\ndef")).toEqual({
      text: "b\n>ld \n>bo\nld\nasd\ndef",
      entities: [e("blockquote", 0, 18), e("code", 0, 13)],
    });
    expect(parseMarkdownV2(">\n\r>2").entities).toEqual([
      e("blockquote", 0, 1),
      e("blockquote", 2, 1),
    ]);
    expect(parseMarkdownV2(">\n**>2").entities).toEqual([
      e("blockquote", 0, 1),
      e("blockquote", 1, 1),
    ]);
    expect(parseMarkdownV2(">**\n>2").entities).toEqual([e("blockquote", 0, 2)]);
    expect(parseMarkdownV2("*>abcd\n*").entities).toEqual([e("blockquote", 0, 5), e("bold", 0, 5)]);
    expect(parseMarkdownV2("abc\n>def\n>def\n\r>ghi2\njkl").entities).toEqual([
      e("blockquote", 4, 8),
      e("blockquote", 13, 5),
    ]);
  });

  it("makes a quote expandable when its last line ends with ||", () => {
    expect(parseMarkdownV2(">asd\n>q||e||w||\nasdad")).toEqual({
      text: "asd\nqew\nasdad",
      entities: [e("expandable_blockquote", 0, 8), e("spoiler", 5, 1)],
    });
    expect(parseMarkdownV2(">asd\n>q||ew||\nasdad").entities).toEqual([
      e("blockquote", 0, 8),
      e("spoiler", 5, 2),
    ]);
    expect(parseMarkdownV2(">asd\r\n>q||e||w||\r\nasdad").entities).toEqual([
      e("expandable_blockquote", 0, 10),
      e("spoiler", 6, 1),
    ]);
    expect(parseMarkdownV2(">asd\r\n>q||e||w||").entities).toEqual([
      e("expandable_blockquote", 0, 8),
      e("spoiler", 6, 1),
    ]);
    expect(parseMarkdownV2(">||")).toEqual({ text: "", entities: [] });
    expect(parseMarkdownV2("**>Hidden\n>more||")).toEqual({
      text: "Hidden\nmore",
      entities: [e("expandable_blockquote", 0, 11)],
    });
  });
});

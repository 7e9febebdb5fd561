// MarkdownV2 escaping and errors against tdlib's own test cases (test/message_entities.cpp): each
// refusal worded as Telegram words it, with UTF-8 byte offsets into the original text.
import { describe, expect, it } from "vitest";
import { parseMarkdownV2 } from "./markdown-v2.js";
import { cantParse, refusal } from "./test-helpers.js";

const fails = (markdown: string) => refusal(() => parseMarkdownV2(markdown));

describe("parseMarkdownV2 escaping", () => {
  it("refuses every unescaped reserved character and accepts it escaped", () => {
    // (">" is refused too, but not at the start of a line, where it opens a quote.)
    for (const char of "]()#+-=|{}.!") {
      expect(fails(char)).toBe(
        cantParse(`Character '${char}' is reserved and must be escaped with the preceding '\\'`),
      );
      expect(parseMarkdownV2(`\\${char}`)).toEqual({ text: char, entities: [] });
    }
    for (let code = 1; code < 126; code++) {
      const char = String.fromCharCode(code);
      if ("_*[~`>]()#+-=|{}.!".includes(char)) continue;
      expect(parseMarkdownV2(char).text).toBe(char);
    }
  });

  it("unescapes any ASCII character and keeps a lone or non-ASCII backslash", () => {
    expect(parseMarkdownV2("\\\\")).toEqual({ text: "\\", entities: [] });
    expect(parseMarkdownV2("\\\\\\")).toEqual({ text: "\\\\", entities: [] });
    expect(parseMarkdownV2("\\\\\\\\\\_\\*\\`").text).toBe("\\\\_*`");
    expect(parseMarkdownV2("\\\\\\a\\b\\c\\d\\e\\f\\1\\2\\3\\4\\➡️\\").text).toBe(
      "\\abcdef1234\\➡️\\",
    );
    expect(parseMarkdownV2("Price: 10\\.5\\$ \\(approx\\.\\)").text).toBe("Price: 10.5$ (approx.)");
  });
});

describe("parseMarkdownV2 errors, with UTF-8 byte offsets", () => {
  it.each([
    ["🏟 🏟_abacaba", "Can't find end of Italic entity at byte offset 9"],
    ["🏟 🏟_abac * asd ", "Can't find end of Bold entity at byte offset 15"],
    ["🏟 🏟_abac * asd _", "Can't find end of Italic entity at byte offset 21"],
    ["🏟 🏟`", "Can't find end of Code entity at byte offset 9"],
    ["🏟 🏟```", "Can't find end of Pre entity at byte offset 9"],
    ["🏟 🏟```a", "Can't find end of Pre entity at byte offset 9"],
    ["🏟 🏟```a ", "Can't find end of PreCode entity at byte offset 9"],
    ["🏟 🏟__🏟 🏟_", "Can't find end of Italic entity at byte offset 20"],
    ["🏟 🏟_🏟 🏟__", "Can't find end of Underline entity at byte offset 19"],
    ["🏟 🏟```🏟 🏟`", "Can't find end of Code entity at byte offset 21"],
    ["🏟 🏟```🏟 🏟_", "Can't find end of PreCode entity at byte offset 9"],
    ["🏟 🏟```🏟 🏟\\`", "Can't find end of PreCode entity at byte offset 9"],
    ["[telegram\\.org](asd\\)", "Can't find end of a URL at byte offset 16"],
    ["[telegram\\.org](", "Can't find end of a URL at byte offset 16"],
    ["[telegram\\.org](asd", "Can't find end of a URL at byte offset 16"],
    ["🏟 🏟__🏟 _🏟___", "Can't find end of Italic entity at byte offset 23"],
    ["🏟 🏟__", "Can't find end of Underline entity at byte offset 9"],
    ["🏟 🏟||test\\|", "Can't find end of Spoiler entity at byte offset 9"],
    ["🏟 🏟!", "Character '!' is reserved and must be escaped with the preceding '\\'"],
    ["🏟 🏟>", "Character '>' is reserved and must be escaped with the preceding '\\'"],
    ["🏟 🏟![", "Can't find end of CustomEmoji entity at byte offset 9"],
    ["🏟 🏟![👍", "Can't find end of CustomEmoji entity at byte offset 9"],
    ["🏟 🏟![👍]", "Custom emoji entity must contain a tg://emoji URL"],
    ["🏟 🏟![👍](tg://emoji?id=1234", "Can't find end of a custom emoji URL at byte offset 17"],
    ["🏟 🏟![👍](t://emoji?id=1234)", "Custom emoji URL must have scheme tg"],
    ["🏟 🏟![👍](tg:emojis?id=1234)", 'Custom emoji URL must have host "emoji"'],
    ["🏟 🏟![👍](tg://emoji#test)", "Custom emoji URL must have an emoji identifier"],
    ["🏟 🏟![👍](tg://emoji?test=1#&id=25)", "Custom emoji URL must have an emoji identifier"],
    ["🏟 🏟![👍](tg://emoji?test=1231&id=025)", "Invalid custom emoji identifier specified"],
    [">*b\n>ld \n>bo\nld*\nasd\ndef", "Can't find end of Bold entity at byte offset 1"],
    [">\n*a*>2", "Character '>' is reserved and must be escaped with the preceding '\\'"],
    [">asd\n>q||e||w||\n||asdad", "Can't find end of Spoiler entity at byte offset 16"],
    [">asd\n>q||ew\n||asdad", "Can't find end of Spoiler entity at byte offset 7"],
    [">asd\n>q||e||w__\n||asdad", "Can't find end of Underline entity at byte offset 13"],
    [">asd\n>q||e||w||a\n||asdad", "Can't find end of Spoiler entity at byte offset 13"],
    ["Hello, world!", "Character '!' is reserved and must be escaped with the preceding '\\'"],
    ["v1.2", "Character '.' is reserved and must be escaped with the preceding '\\'"],
    ["*안녕", "Can't find end of Bold entity at byte offset 0"],
    ["안녕 *세계", "Can't find end of Bold entity at byte offset 7"],
  ])("%j → %s", (markdown, message) => {
    expect(fails(markdown)).toBe(cantParse(message));
  });
});

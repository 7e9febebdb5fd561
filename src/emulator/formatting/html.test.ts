// parse_mode HTML against tdlib's own test cases (test/message_entities.cpp) and a few of ours.
import { describe, expect, it } from "vitest";
import { parseHtml } from "./html.js";
import { cantParse, refusal } from "./test-helpers.js";

const fails = (html: string) => refusal(() => parseHtml(html));

describe("parseHtml errors, worded as Telegram words them, with UTF-8 byte offsets", () => {
  it.each([
    ["🏟 🏟&lt;<abacaba", "Unclosed start tag at byte offset 13"],
    ["🏟 🏟&lt;<abac aba>", 'Unsupported start tag "abac" at byte offset 13'],
    ["🏟 🏟&lt;<abac>", 'Unsupported start tag "abac" at byte offset 13'],
    ["🏟 🏟&lt;<i   =aba>", 'Empty attribute name in the tag "i" at byte offset 13'],
    ["🏟 🏟&lt;<i    aba>", 'Can\'t find end tag corresponding to start tag "i"'],
    ["🏟 🏟&lt;<i    aba  =  ", 'Unclosed start tag "i" at byte offset 13'],
    ["🏟 🏟&lt;<i    aba  =  190azAz-.,", "Unexpected end of name token at byte offset 27"],
    ['🏟 🏟&lt;<i    aba  =  "&lt;&gt;&quot;>', "Unclosed start tag at byte offset 13"],
    ["🏟 🏟&lt;<i    aba  =  '&lt;&gt;&quot;>", "Unclosed start tag at byte offset 13"],
    ["🏟 🏟&lt;</", "Unexpected end tag at byte offset 13"],
    ["🏟 🏟&lt;<b></b></", "Unexpected end tag at byte offset 20"],
    ["🏟 🏟&lt;<i>a</i   ", "Unclosed end tag at byte offset 17"],
    ["🏟 🏟&lt;<i>a</em   >", 'Unmatched end tag at byte offset 17, expected "</i>", found "</em>"'],
    [
      "<b>bold <i>both</b></i>",
      'Unmatched end tag at byte offset 15, expected "</i>", found "</b>"',
    ],
    ["<b>never closed", 'Can\'t find end tag corresponding to start tag "b"'],
    ["<foo>x</foo>", 'Unsupported start tag "foo" at byte offset 0'],
    ["1 < 2", 'Unsupported start tag "" at byte offset 2'],
    ["한국어 <b", "Unclosed start tag at byte offset 10"],
    ['<span class="bold">x</span>', 'Tag "span" must have class "tg-spoiler" at byte offset 0'],
    ['<tg-emoji emoji-id="025">👍</tg-emoji>', "Invalid custom emoji identifier specified"],
    ["<tg-emoji>👍</tg-emoji>", "Invalid custom emoji identifier specified"],
  ])("%j → %s", (html, message) => {
    expect(fails(html)).toBe(cantParse(message));
  });

  it("refuses decoded surrogate halves", () => {
    const message =
      "Text contains invalid Unicode characters after decoding HTML entities, check for unmatched surrogate code units";
    for (const html of ["&#57311;", "&#xDFDF;", "&#xDFDF"])
      expect(fails(html)).toBe(cantParse(message));
  });
});

describe("parseHtml", () => {
  it("keeps plain text and decodes only the four named and the numeric references", () => {
    expect(parseHtml("")).toEqual({ text: "", entities: [] });
    expect(parseHtml("➡️ ➡️")).toEqual({ text: "➡️ ➡️", entities: [] });
    expect(parseHtml("&ge;&lt;&gt;&amp;&quot;&laquo;&raquo;&#12345678;").text).toBe(
      '&ge;<>&"&laquo;&raquo;&#12345678;',
    );
    expect(parseHtml("&Or;&constructor;").text).toBe("&Or;&constructor;");
    expect(parseHtml("&#65;&#x42;&#x1F600;&lt").text).toBe("AB😀<");
  });

  it.each([
    ["i", "italic"],
    ["em", "italic"],
    ["b", "bold"],
    ["strong", "bold"],
    ["u", "underline"],
    ["ins", "underline"],
    ["s", "strikethrough"],
    ["strike", "strikethrough"],
    ["del", "strikethrough"],
    ["blockquote", "blockquote"],
    ["tg-spoiler", "spoiler"],
    ["code", "code"],
    ["pre", "pre"],
  ])("<%s> makes %s, offsets in UTF-16 units (emoji count 2)", (tag, type) => {
    expect(parseHtml(`➡️ ➡️<${tag}>➡️ ➡️</${tag}>`)).toEqual({
      text: "➡️ ➡️➡️ ➡️",
      entities: [{ type, offset: 5, length: 5 }],
    });
  });

  it("counts Korean as one unit per syllable and emoji outside the BMP as two", () => {
    expect(parseHtml("안녕 <b>세계</b> 😀<i>끝</i>")).toEqual({
      text: "안녕 세계 😀끝",
      entities: [
        { type: "bold", offset: 3, length: 2 },
        { type: "italic", offset: 8, length: 1 },
      ],
    });
  });

  it("nests, sorts as Telegram does, and drops empty entities", () => {
    expect(parseHtml("🏟 🏟<i>🏟 &gt;<b aba   =   caba>&lt🏟</b></i>")).toEqual({
      text: "🏟 🏟🏟 ><🏟",
      entities: [
        { type: "italic", offset: 5, length: 7 },
        { type: "bold", offset: 9, length: 3 },
      ],
    });
    expect(parseHtml("<code><i><b> </b></i></code><i><b><code> </code></b></i>").entities).toEqual([
      { type: "code", offset: 0, length: 1 },
      { type: "bold", offset: 0, length: 1 },
      { type: "italic", offset: 0, length: 1 },
      { type: "code", offset: 1, length: 1 },
      { type: "bold", offset: 1, length: 1 },
      { type: "italic", offset: 1, length: 1 },
    ]);
    expect(parseHtml("🏟 🏟&lt;<b></b>")).toEqual({ text: "🏟 🏟<", entities: [] });
  });

  it("accepts </> and end tags with spaces, any case, and ignores unknown attributes", () => {
    const italic = [{ type: "italic", offset: 6, length: 1 }];
    expect(parseHtml("🏟 🏟&lt;<i    aba  =  190azAz-.   >a</i>")).toEqual({
      text: "🏟 🏟<a",
      entities: italic,
    });
    expect(parseHtml("🏟 🏟&lt;<i    aba  =  '&lt;&gt;&quot;'>a</>").entities).toEqual(italic);
    expect(parseHtml("🏟 🏟&lt;<i>a</    >").entities).toEqual(italic);
    expect(parseHtml("🏟 🏟&lt;<I>a</i   >").entities).toEqual(italic);
  });

  it("makes spoilers of span class=tg-spoiler", () => {
    expect(parseHtml('➡️ ➡️<span class = "tg-spoiler">➡️ ➡️</span><b>➡️ ➡️</b>').entities).toEqual([
      { type: "spoiler", offset: 5, length: 5 },
      { type: "bold", offset: 10, length: 5 },
    ]);
  });

  it("makes text links with Telegram's normalized URL, or no entity for a bad URL", () => {
    const link = (url: string) => [{ type: "text_link", offset: 0, length: 1, url }];
    expect(parseHtml("<a href=telegram.org> </a>").entities).toEqual(link("http://telegram.org/"));
    expect(parseHtml('<a href  ="telegram.org"   > </a>').entities).toEqual(
      link("http://telegram.org/"),
    );
    expect(parseHtml("<a   href=  'telegram.org?&lt;'   > </a>").entities).toEqual(
      link("http://telegram.org/?<"),
    );
    expect(parseHtml('<a href="HTTPS://Example.COM:8443/Path"> </a>').entities).toEqual(
      link("https://example.com:8443/Path"),
    );
    expect(parseHtml('<a href="tg://resolve?domain=durov"> </a>').entities).toEqual(
      link("tg://resolve?domain=durov"),
    );
    expect(parseHtml("<a> </a>").entities).toEqual([]);
    expect(parseHtml('<a href="localhost"> </a>').entities).toEqual([]);
    expect(parseHtml('<a href="ftp://example.com"> </a>').entities).toEqual([]);
    expect(parseHtml("<a>telegram.org </a>")).toEqual({ text: "telegram.org ", entities: [] });
    expect(parseHtml("<a>https://telegram.org/asdsa?asdasdwe#12e3we</a>").entities).toEqual([
      {
        type: "text_link",
        offset: 0,
        length: 42,
        url: "https://telegram.org/asdsa?asdasdwe#12e3we",
      },
    ]);
  });

  it("makes a text mention of a tg://user?id= link", () => {
    expect(parseHtml('hi <a href="tg://user?id=123456">Ann</a>').entities).toEqual([
      {
        type: "text_mention",
        offset: 3,
        length: 3,
        user: { id: 123456, is_bot: false, first_name: "" },
      },
    ]);
  });

  it("joins pre and code class=language-x into one pre with a language", () => {
    const text = "🏟 🏟<🏟 🏟<";
    expect(parseHtml("🏟 🏟&lt;<pre><code>🏟 🏟&lt;</code></>")).toEqual({
      text,
      entities: [
        { type: "pre", offset: 6, length: 6 },
        { type: "code", offset: 6, length: 6 },
      ],
    });
    const fift = [{ type: "pre", offset: 6, length: 6, language: "fift" }];
    expect(parseHtml('🏟 🏟&lt;<pre><code class="language-fift">🏟 🏟&lt;</></>').entities).toEqual(
      fift,
    );
    expect(parseHtml('🏟 🏟&lt;<code class="language-fift"><pre>🏟 🏟&lt;</></>').entities).toEqual(
      fift,
    );
    expect(parseHtml('🏟 🏟&lt;<pre><code class="language-fift">🏟 🏟&lt;</> </>').entities).toEqual([
      { type: "pre", offset: 6, length: 7 },
      { type: "code", offset: 6, length: 6 },
    ]);
  });

  it("makes custom emoji and (expandable) block quotes", () => {
    expect(
      parseHtml('➡️ ➡️<tg-emoji emoji-id = "12345">➡️ ➡️</tg-emoji><b>➡️ ➡️</b>').entities,
    ).toEqual([
      { type: "custom_emoji", offset: 5, length: 5, custom_emoji_id: "12345" },
      { type: "bold", offset: 10, length: 5 },
    ]);
    const quote = (type: string) => [
      { type, offset: 0, length: 4 },
      { type: "pre", offset: 2, length: 2 },
    ];
    expect(
      parseHtml('<blockquote   cite="" askdlbas nasjdbaj nj12b3>a&lt;<pre  >b;</></>').entities,
    ).toEqual(quote("blockquote"));
    expect(parseHtml("<blockquote   expandable>a&lt;<pre  >b;</></>").entities).toEqual(
      quote("expandable_blockquote"),
    );
    expect(parseHtml("<blockquote   expandable=false>a&lt;<pre  >b;</></>").entities).toEqual(
      quote("expandable_blockquote"),
    );
  });

  it("keeps tabs, carriage returns and newlines inside entities (formatMessageText cleans them)", () => {
    expect(parseHtml("<i>\t</i>").entities).toEqual([{ type: "italic", offset: 0, length: 1 }]);
    expect(parseHtml("<a href=telegram.org>\n</a>")).toEqual({
      text: "\n",
      entities: [{ type: "text_link", offset: 0, length: 1, url: "http://telegram.org/" }],
    });
  });
});

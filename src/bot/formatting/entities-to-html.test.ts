// entities-to-html: the HTML it writes, read back by the emulator's port of Telegram's parser, gives
// the same text and the same entities at the same UTF-16 offsets as the message it came from.
import type { MessageEntity } from "grammy/types";
import { describe, expect, it } from "vitest";
import { parseHtml } from "../../emulator/formatting/index.js";
import { entitiesToHtml, escapeAttribute, escapeHtml } from "./entities-to-html.js";
import {
  comparable,
  randomMessage,
  telegramReads,
  telegramStores,
} from "../../../test/support/telegram-formatting.js";

/** Telegram's reading of the HTML equals Telegram's reading of the entities themselves. */
function expectRoundTrip(text: string, entities: MessageEntity[]): string {
  const html = entitiesToHtml(text, entities);
  const stored = telegramStores(text, entities);
  const read = telegramReads({ text: html, parse_mode: "HTML" });
  expect(read.text).toBe(stored.text);
  expect(comparable(read.entities)).toEqual(comparable(stored.entities));
  return html;
}

const user = { id: 7, is_bot: false, first_name: "Mina" };
// Emoji outside the BMP (two UTF-16 units each, one with a skin tone: four) before the entity.
const PREFIX = "😀 👍🏽 한 ";
const at = PREFIX.length;

describe("entitiesToHtml", () => {
  it.each<[string, MessageEntity, string]>([
    ["bold", { type: "bold", offset: at, length: 4 }, "<b>word</b>"],
    ["italic", { type: "italic", offset: at, length: 4 }, "<i>word</i>"],
    ["underline", { type: "underline", offset: at, length: 4 }, "<u>word</u>"],
    ["strikethrough", { type: "strikethrough", offset: at, length: 4 }, "<s>word</s>"],
    ["spoiler", { type: "spoiler", offset: at, length: 4 }, "<tg-spoiler>word</tg-spoiler>"],
    ["code", { type: "code", offset: at, length: 4 }, "<code>word</code>"],
    ["pre", { type: "pre", offset: at, length: 4 }, "<pre>word</pre>"],
    [
      "pre with a language",
      { type: "pre", offset: at, length: 4, language: "python" },
      '<pre><code class="language-python">word</code></pre>',
    ],
    [
      "text_link",
      { type: "text_link", offset: at, length: 4, url: "https://example.com/" },
      '<a href="https://example.com/">word</a>',
    ],
    [
      "text_mention",
      { type: "text_mention", offset: at, length: 4, user },
      '<a href="tg://user?id=7">word</a>',
    ],
    ["blockquote", { type: "blockquote", offset: at, length: 4 }, "<blockquote>word</blockquote>"],
    [
      "expandable_blockquote",
      { type: "expandable_blockquote", offset: at, length: 4 },
      "<blockquote expandable>word</blockquote>",
    ],
  ])("%s after emoji: same entity at the same UTF-16 offset", (_name, entity, tagged) => {
    const text = `${PREFIX}word rest`;
    expect(expectRoundTrip(text, [entity])).toBe(`${PREFIX}${tagged} rest`);
    expect(parseHtml(entitiesToHtml(text, [entity])).entities[0]).toMatchObject({
      type: entity.type,
      offset: at,
      length: 4,
    });
  });

  it("writes a custom emoji as tg-emoji around the emoji, offsets counted in UTF-16", () => {
    const text = "👍🏽 ok 🎉 done";
    const entity: MessageEntity = {
      type: "custom_emoji",
      offset: 8,
      length: 2,
      custom_emoji_id: "5368324170671202286",
    };
    expect(expectRoundTrip(text, [entity])).toBe(
      '👍🏽 ok <tg-emoji emoji-id="5368324170671202286">🎉</tg-emoji> done',
    );
  });

  it("leaves what Telegram finds by itself as plain text, found again at the same place", () => {
    const text = "😀 see https://example.com/docs, @someone #tag $USD /start a@b.co";
    const entities = telegramStores(text, []).entities;
    expect(entities.map((e) => e.type)).toEqual(
      expect.arrayContaining(["url", "mention", "hashtag", "cashtag", "bot_command", "email"]),
    );
    expect(expectRoundTrip(text, entities)).toBe(text);
  });

  it('escapes <, > and & in text and " in attributes, and nothing else', () => {
    const text = 'a < b && c > d "q" *not bold* _not italic_ `not code` &lt; &#65; <b>';
    const html = expectRoundTrip(text, [{ type: "bold", offset: 0, length: 1 }]);
    expect(html).toBe(
      '<b>a</b> &lt; b &amp;&amp; c &gt; d "q" *not bold* _not italic_ `not code` &amp;lt; &amp;#65; &lt;b&gt;',
    );
    expect(escapeHtml("<&>\"'")).toBe("&lt;&amp;&gt;\"'");
    expect(escapeAttribute('<&>"')).toBe("&lt;&amp;&gt;&quot;");
  });

  it("keeps link URLs and languages with & and quotes exact", () => {
    const url = 'https://example.com/?a=1&b="2"&lt=3';
    const html = expectRoundTrip("link and code", [
      { type: "text_link", offset: 0, length: 4, url },
      { type: "pre", offset: 9, length: 4, language: 'c"&' },
    ]);
    expect(html).toContain('href="https://example.com/?a=1&amp;b=&quot;2&quot;&amp;lt=3"');
    expect(parseHtml(html).entities).toContainEqual({
      type: "pre",
      offset: 9,
      length: 4,
      language: 'c"&',
    });
  });

  it("nests: a quote holding bold holding italic and a link", () => {
    const text = "quote: bold italic link end";
    const entities: MessageEntity[] = [
      { type: "blockquote", offset: 0, length: 27 },
      { type: "bold", offset: 7, length: 16 },
      { type: "italic", offset: 12, length: 11 },
      { type: "text_link", offset: 19, length: 4, url: "https://example.com/" },
    ];
    expect(expectRoundTrip(text, entities)).toBe(
      '<blockquote>quote: <b>bold <i>italic <a href="https://example.com/">link</a></i></b> end</blockquote>',
    );
  });

  it("closes and reopens crossing bold and italic so that Telegram reads the same ranges", () => {
    const entities: MessageEntity[] = [
      { type: "bold", offset: 0, length: 7 },
      { type: "italic", offset: 4, length: 7 },
    ];
    expect(expectRoundTrip("one two three", entities)).toBe("<b>one <i>two</i></b><i> thr</i>ee");
  });

  it("gives plain text without entities, and an empty string for an empty text", () => {
    expect(entitiesToHtml("just text")).toBe("just text");
    expect(entitiesToHtml("")).toBe("");
  });

  it("never cuts a surrogate pair, even when given offsets do", () => {
    expect(entitiesToHtml("a😀b", [{ type: "bold", offset: 2, length: 2 }])).toBe("a<b>😀b</b>");
    expect(entitiesToHtml("a😀b", [{ type: "bold", offset: 0, length: 2 }])).toBe("<b>a😀</b>b");
  });

  it("writes what Telegram would drop as plain text: formatting in code, a link in a link", () => {
    const html = entitiesToHtml("code link", [
      { type: "code", offset: 0, length: 4 },
      { type: "bold", offset: 0, length: 4 },
      { type: "text_link", offset: 5, length: 4, url: "https://a.example/" },
      { type: "text_link", offset: 5, length: 2, url: "https://b.example/" },
    ]);
    expect(html).toBe('<code>code</code> <a href="https://a.example/">link</a>');
  });

  it("round-trips 500 random messages with every kind of entity, nested and crossing", () => {
    let tried = 0;
    for (let seed = 1; tried < 500; seed++) {
      const message = randomMessage(seed);
      if (message === undefined) continue;
      tried++;
      const html = entitiesToHtml(message.text, message.entities);
      const read = telegramReads({ text: html, parse_mode: "HTML" });
      expect({ seed, text: read.text }).toEqual({ seed, text: message.text });
      expect({ seed, entities: comparable(read.entities) }).toEqual({
        seed,
        entities: comparable(message.entities),
      });
    }
  });
});

// validate-html: accepts what entities-to-html writes (and Telegram's parser agrees on the text),
// refuses what Telegram would refuse and whatever else falls outside the subset.
import { describe, expect, it } from "vitest";
import { parseHtml } from "../../emulator/formatting/index.js";
import { entitiesToHtml } from "./entities-to-html.js";
import { randomMessage, random, telegramReads } from "../../../test/support/telegram-formatting.js";
import { checkHtml, htmlToPlainText, TEXT_LIMIT } from "./validate-html.js";

const reasonOf = (html: string, limit?: number) => {
  const check = checkHtml(html, limit);
  return check.ok ? "accepted" : check.reason;
};

describe("checkHtml", () => {
  it("accepts every tag entities-to-html writes, with the text Telegram's parser reads", () => {
    const html =
      "<b>b</b> <i>i</i> <u>u</u> <s>s</s> <tg-spoiler>x</tg-spoiler> <code>c &lt;&gt;</code> " +
      '<pre>p</pre> <pre><code class="language-c++">q</code></pre> <a href="https://e.com/?a=1&amp;b=&quot;2&quot;">l</a> ' +
      '<a href="tg://user?id=7">m</a> <tg-emoji emoji-id="5368324170671202286"><b>🎉</b></tg-emoji> ' +
      "<blockquote>q</blockquote><blockquote expandable>e</blockquote> &amp;&#65;&#x1F600;";
    const check = checkHtml(html);
    expect(check).toEqual({ ok: true, text: parseHtml(html).text });
    expect(telegramReads({ text: html, parse_mode: "HTML" }).entities.length).toBe(14);
  });

  it("accepts the other spellings Telegram knows: strong, em, ins, strike, del, span", () => {
    const html =
      '<strong>a</strong><em>b</em><ins>c</ins><strike>d</strike><del>e</del><span class="tg-spoiler">f</span>';
    expect(checkHtml(html)).toEqual({ ok: true, text: "abcdef" });
  });

  it.each([
    ["<b>unclosed", "unclosed <b>"],
    ["closed</b>", "unmatched end tag </b>"],
    ["<b><i>crossed</b></i>", "unmatched end tag </b>"],
    ["<font>x</font>", "unsupported tag <font>"],
    ["<br>", "unsupported tag <br>"],
    ["<B>upper</B>", 'malformed tag or unescaped "<" at 0'],
    ["1 < 2", 'malformed tag or unescaped "<" at 2'],
    ["2 > 1", 'unescaped ">" at 2'],
    ["fish & chips", "bad character reference at 5"],
    ["&nbsp;", "bad character reference at 0"],
    ["&amp", "bad character reference at 0"],
    ["&#xD800;", "bad character reference at 0"],
    ["&#0;", "bad character reference at 0"],
    ["&#X41;", "bad character reference at 0"],
    ['<a href="x" onclick="y">x</a>', "attributes not allowed in <a>"],
    ["<a href=x>x</a>", 'malformed tag or unescaped "<" at 0'],
    ["<a>x</a>", "attributes not allowed in <a>"],
    ['<span class="bold">x</span>', "attributes not allowed in <span>"],
    ['<tg-emoji emoji-id="12a">x</tg-emoji>', "attributes not allowed in <tg-emoji>"],
    ['<tg-emoji emoji-id="1"></tg-emoji>x', "empty tg-emoji"],
    ['<tg-emoji emoji-id="1"><a href="https://e.com">x</a></tg-emoji>', "<a> inside <tg-emoji>"],
    ['<b class="x">x</b>', "attributes not allowed in <b>"],
    ['<code class="language-x">x</code>', "a language outside <pre>"],
    ["<code><b>x</b></code>", "<b> inside <code>"],
    ["<pre>x<b>y</b></pre>", "<b> inside <pre>"],
    ['<a href="https://a.io"><a href="https://b.io">x</a></a>', "a link in a link"],
    ["<blockquote><blockquote>x</blockquote></blockquote>", "a quote in a quote"],
    ["<b> </b>\n", "no text"],
    ["", "no text"],
    ["a\ud800b", "unpaired surrogate"],
  ])("refuses %j: %s", (html, reason) => {
    expect(reasonOf(html)).toBe(reason);
  });

  it("counts the limit on the text after parsing, in UTF-16 code units", () => {
    expect(reasonOf("&amp;".repeat(TEXT_LIMIT))).toBe("accepted");
    expect(reasonOf(`<b>${"a".repeat(TEXT_LIMIT)}</b>`)).toBe("accepted");
    expect(reasonOf("a".repeat(TEXT_LIMIT + 1))).toBe("text of 4097 characters over 4096");
    expect(reasonOf("😀".repeat(2049))).toBe("text of 4098 characters over 4096");
    expect(reasonOf("abc", 2)).toBe("text of 3 characters over 2");
  });

  it("accepts what entities-to-html writes for 300 random messages", () => {
    let tried = 0;
    for (let seed = 1000; tried < 300; seed++) {
      const message = randomMessage(seed);
      if (message === undefined) continue;
      tried++;
      const html = entitiesToHtml(message.text, message.entities);
      expect({ seed, check: checkHtml(html, Infinity) }).toEqual({
        seed,
        check: { ok: true, text: parseHtml(html).text },
      });
    }
  });

  it("never accepts what Telegram's parser refuses (2000 random snippets of markup)", () => {
    const bits = [
      ...["<b>", "</b>", "<i>", "</i>", "</>", "<code>", "</code>", "<pre>", "</pre>", "&", "&lt;"],
      ...["&#", "&#x", "1", ";", "<", ">", '"', "a", " ", '<a href="', '">', "</a>", "<tg-emoji"],
      ...[' emoji-id="', "0", "</tg-emoji>", "<blockquote", " expandable", "</blockquote>", "😀"],
    ];
    const rng = random(7);
    let accepted = 0;
    for (let i = 0; i < 2000; i++) {
      let html = "";
      for (let n = rng.int(12); n >= 0; n--) html += rng.pick(bits);
      if (!checkHtml(html).ok) continue;
      accepted++;
      expect(() => telegramReads({ text: html, parse_mode: "HTML" }), html).not.toThrow();
    }
    expect(accepted).toBeGreaterThan(50);
  });
});

describe("htmlToPlainText", () => {
  it("drops tags and decodes the references Telegram knows", () => {
    expect(htmlToPlainText('<b>a</b> &lt;&amp;&gt;&quot; <a href="x">l</a>&#65;&#x42;<br/>x')).toBe(
      'a <&>" lAB\nx',
    );
  });

  it("leaves what is not a tag or a reference as it is", () => {
    expect(htmlToPlainText("1 < 2 && 3 > 2 &nbsp; &#xD800;")).toBe(
      "1 < 2 && 3 > 2 &nbsp; &#xD800;",
    );
  });
});

// protect: one text for the provider, in either wire format, and back; a provider that drops,
// doubles, moves or mangles placeholders never produces markup Telegram would refuse.
import type { MessageEntity } from "grammy/types";
import { describe, expect, it } from "vitest";
import { protect, type Markup } from "./protect.js";
import {
  covered,
  random,
  randomMessage,
  telegramReads,
  upperCase,
} from "../../../test/support/telegram-formatting.js";
import { checkHtml } from "./validate-html.js";

const example = {
  text: "Please read the docs and run npm test",
  entities: [
    { type: "bold", offset: 7, length: 4 },
    { type: "text_link", offset: 12, length: 8, url: "https://example.com/" },
    { type: "code", offset: 29, length: 8 },
  ] satisfies MessageEntity[],
};

const expected =
  'PLEASE <b>READ</b> <a href="https://example.com/">THE DOCS</a> AND RUN <code>npm test</code>';

function wire(markup: Markup, message: { text: string; entities: MessageEntity[] } = example) {
  const found = protect(message, markup);
  if (found === undefined) throw new Error(`no ${markup} wire for ${message.text}`);
  return found;
}

describe("protect with tokens", () => {
  it("sends placeholders instead of code, and formatting as pairs around the words", () => {
    expect(wire("tokens").text).toBe("Please ⟦1⟧read⟦/1⟧ ⟦2⟧the docs⟦/2⟧ and run ⟦3⟧");
  });

  it("gives back the formatting around the upper-cased words, code as it was", () => {
    expect(wire("tokens").restore(upperCase(wire("tokens").text))).toEqual({
      text: expected,
      parse_mode: "HTML",
      intact: true,
    });
  });

  it("follows placeholders the translation moved, and forgives spaces inside them", () => {
    const restored = wire("tokens").restore("⟦ 3 ⟧ 를 실행하고 ⟦2⟧문서⟦/2⟧를 ⟦1⟧읽으세요⟦ /1 ⟧");
    expect(restored).toMatchObject({ intact: true, parse_mode: "HTML" });
    expect(covered(telegramReads(restored))).toEqual([
      ["code", "npm test"],
      ["text_link", "문서"],
      ["bold", "읽으세요"],
    ]);
  });

  it.each([
    ["a dropped code placeholder", "PLEASE ⟦1⟧READ⟦/1⟧ ⟦2⟧THE DOCS⟦/2⟧ AND RUN"],
    ["a doubled code placeholder", "PLEASE ⟦1⟧READ⟦/1⟧ ⟦2⟧THE DOCS⟦/2⟧ ⟦3⟧ AND RUN ⟦3⟧"],
    ["a mangled placeholder", "PLEASE ⟦1⟧READ⟦/1⟧ ⟦2⟧THE DOCS⟦/2⟧ AND RUN [3]"],
    ["a dropped closing token", "PLEASE ⟦1⟧READ ⟦2⟧THE DOCS⟦/2⟧ AND RUN ⟦3⟧"],
    ["crossing pairs", "PLEASE ⟦1⟧READ ⟦2⟧THE⟦/1⟧ DOCS⟦/2⟧ AND RUN ⟦3⟧"],
    ["a dropped pair", "PLEASE READ ⟦2⟧THE DOCS⟦/2⟧ AND RUN ⟦3⟧"],
    ["an unknown number", "PLEASE ⟦1⟧READ⟦/1⟧ ⟦2⟧THE DOCS⟦/2⟧ AND RUN ⟦3⟧ ⟦9⟧"],
    ["a closing token alone", "PLEASE ⟦/1⟧READ ⟦2⟧THE DOCS⟦/2⟧ AND RUN ⟦3⟧"],
    ["code used as a pair", "PLEASE ⟦1⟧READ⟦/1⟧ ⟦2⟧THE DOCS⟦/2⟧ AND RUN ⟦3⟧X⟦/3⟧"],
  ])("falls back to plain text on %s", (_what, answer) => {
    const restored = wire("tokens").restore(answer);
    expect(restored.intact).toBe(false);
    expect(restored.parse_mode).toBeUndefined();
    expect(restored.text).not.toMatch(/[⟦⟧<>]/);
    expect(() => telegramReads(restored)).not.toThrow();
  });

  it("puts protected spans back where their placeholders survived in the plain fallback", () => {
    expect(wire("tokens").restore("RUN ⟦3⟧ AND ⟦1⟧READ").text).toBe("RUN npm test AND READ");
  });

  it("is not used for a text that has the brackets itself", () => {
    expect(protect({ text: "a ⟦1⟧ b" }, "tokens")).toBeUndefined();
    expect(protect({ text: "a ⟦1⟧ b" }, "html")).toBeDefined();
  });
});

describe("protect with html", () => {
  it("sends ordinary HTML, numbered, with protected spans marked translate=no", () => {
    expect(wire("html").text).toBe(
      'Please <b id="t1">read</b> <a id="t2" href="https://example.com/">the docs</a> and run ' +
        '<span translate="no" class="notranslate" id="t3">npm test</span>',
    );
  });

  it("reads back an answer whatever the case of tags, attributes and ids", () => {
    const answer = upperCase(wire("html").text);
    expect(answer).toContain('<SPAN TRANSLATE="NO" CLASS="NOTRANSLATE" ID="T3">NPM TEST</SPAN>');
    expect(wire("html").restore(answer)).toEqual({
      text: expected,
      parse_mode: "HTML",
      intact: true,
    });
  });

  it("keeps line breaks as <br>, decodes the references engines write, takes added attributes", () => {
    const message = {
      text: "Line one\nline two & <three>",
      entities: [{ type: "italic", offset: 0, length: 4 }] satisfies MessageEntity[],
    };
    expect(wire("html", message).text).toBe(
      '<i id="t1">Line</i> one<br>line two &amp; &lt;three&gt;',
    );
    const restored = wire("html", message).restore(
      '<i id="t1" style="direction:ltr">Ligne</i> un<br/>ligne deux &amp; &lt;trois&gt; l&#39;a&nbsp;!',
    );
    expect(restored.intact).toBe(true);
    expect(telegramReads(restored)).toMatchObject({
      text: "Ligne un\nligne deux & <trois> l'a\u00a0!",
      entities: [{ type: "italic", offset: 0, length: 5 }],
    });
  });

  it("reads a lone < in an answer as text", () => {
    const restored = wire("html").restore(
      'A < B <b id="t1">READ</b> <a id="t2">DOCS</a> <span id="t3">x</span>',
    );
    expect(restored.intact).toBe(true);
    expect(telegramReads(restored).text).toBe("A < B READ DOCS npm test");
  });

  it.each([
    [
      "an added tag",
      '<font>PLEASE</font> <b id="t1">READ</b> <a id="t2">D</a> <span id="t3"></span>',
    ],
    [
      "a tag without id",
      '<b>PLEASE</b> <b id="t1">READ</b> <a id="t2">D</a> <span id="t3"></span>',
    ],
    ["a dropped protected span", 'PLEASE <b id="t1">READ</b> <a id="t2">D</a>'],
    ["a renamed tag", 'PLEASE <i id="t1">READ</i> <a id="t2">D</a> <span id="t3"></span>'],
    ["an unclosed tag", 'PLEASE <b id="t1">READ <a id="t2">D</a> <span id="t3"></span>'],
    ["a self-closed tag", 'PLEASE <b id="t1"/>READ <a id="t2">D</a> <span id="t3"></span>'],
    ["an unclosed protected span", 'PLEASE <b id="t1">READ</b> <a id="t2">D</a> <span id="t3">'],
  ])("falls back to plain text on %s", (_what, answer) => {
    const restored = wire("html").restore(answer);
    expect(restored.intact).toBe(false);
    expect(restored.parse_mode).toBeUndefined();
    expect(() => telegramReads(restored)).not.toThrow();
  });
});

/** A provider at its worst: drops, doubles, swaps and respaces placeholders, adds < and &. */
function mangle(text: string, seed: number): string {
  const rng = random(seed);
  const parts = text.split(/(⟦[^⟧]*⟧|<[^>]*>)/);
  const out: string[] = [];
  for (const part of parts) {
    const roll = rng.int(12);
    if (roll === 0) continue;
    if (roll === 1) out.push(part, part);
    else if (roll === 2) out.splice(Math.max(0, out.length - 1), 0, part);
    else if (roll === 3) out.push(part.replace("⟦", "[").replace("<", "< "));
    else if (roll === 4) out.push(`${part} & <`);
    else out.push(part.toUpperCase());
  }
  return out.join("");
}

describe("restore never gives markup Telegram would refuse", () => {
  it.each<Markup>(["tokens", "html"])("%s: 400 random messages, mangled at random", (markup) => {
    let tried = 0;
    let intact = 0;
    for (let seed = 1; tried < 400; seed++) {
      const message = randomMessage(seed);
      const found = message && protect(message, markup);
      if (found === undefined) continue;
      tried++;
      const restored = found.restore(mangle(found.text, seed));
      if (restored.intact) intact++;
      if (restored.parse_mode === "HTML") expect(checkHtml(restored.text, Infinity).ok).toBe(true);
      if (restored.text.trim() === "") continue;
      expect(() => telegramReads(restored), `seed ${seed}`).not.toThrow();
    }
    // Some answers come through whole (the test would prove little if none did).
    expect(intact).toBeGreaterThan(20);
  });
});

// Translation by segments: the words change, every span stays around the translation of the words
// it held, and protected spans never reach the translator.
import type { MessageEntity } from "grammy/types";
import { describe, expect, it } from "vitest";
import { ProviderError } from "../../errors.js";
import { toOutgoing } from "./outgoing.js";
import { translateSegments } from "./segments.js";
import {
  alreadyInTarget,
  covered,
  fakeTranslator,
  telegramReads,
  telegramStores,
  upperCase,
} from "../../../test/support/telegram-formatting.js";

const request = { source: "en", target: "ko" };

/** Translates by segments and returns what Telegram would show for the answer. */
async function viaSegments(
  text: string,
  entities: MessageEntity[],
  translator = fakeTranslator(upperCase, { batch: true }),
) {
  const result = await translateSegments({ text, entities }, translator, request);
  if (result === undefined) throw new Error("nothing translated");
  const out = toOutgoing(result.nodes);
  return { out, read: telegramReads(out), result, translator };
}

describe("translateSegments", () => {
  it("keeps bold, a link and inline code around the translated words", async () => {
    const text = "Please read the docs and run npm test";
    const entities: MessageEntity[] = [
      { type: "bold", offset: 7, length: 4 },
      { type: "text_link", offset: 12, length: 8, url: "https://example.com/" },
      { type: "code", offset: 29, length: 8 },
    ];
    const { out, read, translator } = await viaSegments(text, entities);
    expect(out).toEqual({
      text: 'PLEASE <b>READ</b> <a href="https://example.com/">THE DOCS</a> AND RUN <code>npm test</code>',
      parse_mode: "HTML",
    });
    expect(covered(read)).toEqual([
      ["bold", "READ"],
      ["text_link", "THE DOCS"],
      ["code", "npm test"],
    ]);
    expect(translator.seen).toEqual(["Please", "read", "the docs", "and run"]);
    expect(translator.calls).toBe(1);
  });

  it("never sends URLs, mentions, hashtags, cashtags, commands, e-mails or code", async () => {
    const text =
      "hello @someone see https://example.com/Path and #MyTag for $USD, run /start or write a@b.co then `x` ok";
    const found = telegramStores(text, [{ type: "code", offset: text.indexOf("`x`"), length: 3 }]);
    const { read, translator } = await viaSegments(found.text, found.entities);
    for (const kept of ["@someone", "https://example.com/Path", "#MyTag", "$USD", "/start"]) {
      expect(translator.seen.join("|")).not.toContain(kept);
      expect(read.text).toContain(kept);
    }
    expect(translator.seen.join("|")).not.toContain("a@b.co");
    expect(translator.seen.join("|")).not.toContain("`x`");
    expect(read.text).toBe(
      "HELLO @someone SEE https://example.com/Path AND #MyTag FOR $USD, RUN /start OR WRITE a@b.co THEN `x` OK",
    );
    expect(covered(read)).toContainEqual(["code", "`x`"]);
  });

  it("keeps a text mention's name, a custom emoji and a pre block untranslated", async () => {
    const text = "hi Mina 🎉 look:\nconst a = 1;";
    const entities: MessageEntity[] = [
      {
        type: "text_mention",
        offset: 3,
        length: 4,
        user: { id: 7, is_bot: false, first_name: "M" },
      },
      { type: "custom_emoji", offset: 8, length: 2, custom_emoji_id: "5368324170671202286" },
      { type: "pre", offset: 17, length: 12, language: "js" },
    ];
    const { read, translator } = await viaSegments(text, entities);
    expect(read.text).toBe("HI Mina 🎉 LOOK:\nconst a = 1;");
    expect(covered(read)).toEqual([
      ["text_mention", "Mina"],
      ["custom_emoji", "🎉"],
      ["pre", "const a = 1;"],
    ]);
    expect(translator.seen).toEqual(["hi", "look:"]);
  });

  it("counts offsets in UTF-16 after emoji and surrogate pairs", async () => {
    const text = "😀👍🏽 bold 한국 then italic";
    const entities: MessageEntity[] = [
      { type: "bold", offset: 7, length: 4 },
      { type: "italic", offset: 20, length: 6 },
    ];
    const { read } = await viaSegments(text, entities);
    expect(read).toMatchObject({
      text: "😀👍🏽 BOLD 한국 THEN ITALIC",
      entities: [
        { type: "bold", offset: 7, length: 4 },
        { type: "italic", offset: 20, length: 6 },
      ],
    });
  });

  it("survives text that breaks naive escaping: <, >, &, quotes, unmatched * _ and `", async () => {
    const text = 'if a < b && c > d then "*" _ ` &lt; <b>not a tag</b>';
    const { out, read } = await viaSegments(text, [{ type: "italic", offset: 0, length: 2 }]);
    expect(out.parse_mode).toBe("HTML");
    expect(read.text).toBe('IF A < B && C > D THEN "*" _ ` &LT; <B>NOT A TAG</B>');
    expect(covered(read)).toEqual([["italic", "IF"]]);
  });

  it("escapes what a translator answers with, so its < and & cannot open a tag", async () => {
    const text = "one two";
    const answer = () => "<i>x</i> & y";
    const { read } = await viaSegments(
      text,
      [{ type: "bold", offset: 0, length: 3 }],
      fakeTranslator(answer),
    );
    expect(read.text).toBe("<i>x</i> & y <i>x</i> & y");
    expect(covered(read)).toEqual([["bold", "<i>x</i> & y"]]);
  });

  it("drops bold that starts or ends inside a word, so the word is translated whole", async () => {
    const text = "an unbelievable story";
    const { read, translator } = await viaSegments(text, [{ type: "bold", offset: 5, length: 6 }]);
    expect(translator.seen).toEqual([text]);
    expect(read).toEqual({ text: "AN UNBELIEVABLE STORY", entities: [] });
  });

  it("calls translate once per distinct piece when the translator takes one text per call", async () => {
    const translator = fakeTranslator(upperCase);
    const text = "yes bold yes";
    const { read } = await viaSegments(text, [{ type: "bold", offset: 4, length: 4 }], translator);
    expect(read.text).toBe("YES BOLD YES");
    expect(translator.seen.sort()).toEqual(["bold", "yes"]);
  });

  it("does not send pieces without letters, and returns undefined when nothing is left", async () => {
    const translator = fakeTranslator(upperCase, { batch: true });
    const text = "see https://example.com/ 123 !";
    const found = telegramStores(text, []);
    const result = await translateSegments(
      {
        text: "https://example.com/ 123 !",
        entities: telegramStores("https://example.com/ 123 !", []).entities,
      },
      translator,
      request,
    );
    expect(result).toBeUndefined();
    const some = await translateSegments(found, translator, request);
    expect(translator.seen).toEqual(["see"]);
    expect(some?.sentChars).toBe(3);
  });

  it("keeps a piece the provider finds already in the target language as it was", async () => {
    const translator = fakeTranslator(
      (text) => {
        if (text === "GitHub") throw alreadyInTarget();
        return text.toUpperCase();
      },
      { batch: true },
    );
    const { read } = await viaSegments(
      "push to GitHub today",
      [{ type: "bold", offset: 8, length: 6 }],
      translator,
    );
    expect(read.text).toBe("PUSH TO GitHub TODAY");
    expect(covered(read)).toEqual([["bold", "GitHub"]]);
  });

  it("says same-language when every piece is already in the target language", async () => {
    const translator = fakeTranslator(() => {
      throw alreadyInTarget();
    });
    const message = { text: "a b", entities: [{ type: "bold" as const, offset: 0, length: 1 }] };
    await expect(translateSegments(message, translator, request)).rejects.toMatchObject({
      kind: "same-language",
    });
  });

  it("passes other provider errors on", async () => {
    const failure = new ProviderError({ provider: "fake", kind: "rate", message: "slow down" });
    const translator = fakeTranslator(
      () => {
        throw failure;
      },
      { batch: true },
    );
    const message = { text: "a b", entities: [{ type: "bold" as const, offset: 0, length: 1 }] };
    await expect(translateSegments(message, translator, request)).rejects.toBe(failure);
  });
});

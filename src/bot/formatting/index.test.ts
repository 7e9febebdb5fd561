// translateFormatted, the whole way: a formatted message in, messages ready for sendMessage out,
// by segments by default, by tokens or HTML when asked, falling back to segments when the
// provider breaks the markup, and split at Telegram's limit.
import type { MessageEntity } from "grammy/types";
import { describe, expect, it } from "vitest";
import { translateFormatted } from "./index.js";
import {
  covered,
  fakeTranslator,
  telegramReads,
  telegramStores,
  upperCase,
} from "../../../test/support/telegram-formatting.js";

const example = {
  text: "Please read the docs and run npm test",
  entities: [
    { type: "bold", offset: 7, length: 4 },
    { type: "text_link", offset: 12, length: 8, url: "https://example.com/" },
    { type: "code", offset: 29, length: 8 },
  ] satisfies MessageEntity[],
};

const expected = {
  text: 'PLEASE <b>READ</b> <a href="https://example.com/">THE DOCS</a> AND RUN <code>npm test</code>',
  parse_mode: "HTML",
};

const request = { source: "en", target: "ko" };

describe("translateFormatted", () => {
  it("translates by segments by default, in one batch call", async () => {
    const translator = fakeTranslator(upperCase, { batch: true });
    const result = await translateFormatted(example, translator, request);
    expect(result).toEqual({
      messages: [expected],
      source: "en",
      target: "ko",
      provider: "fake",
      markup: "segments",
      fellBack: false,
      sentChars: "Pleasereadthe docsand run".length,
    });
    expect(translator.calls).toBe(1);
  });

  it.each([
    ["tokens", "Please ⟦1⟧read⟦/1⟧ ⟦2⟧the docs⟦/2⟧ and run ⟦3⟧"],
    [
      "html",
      'Please <b id="t1">read</b> <a id="t2" href="https://example.com/">the docs</a> and run ' +
        '<span translate="no" class="notranslate" id="t3">npm test</span>',
    ],
  ] as const)("translates with %s in one call of the whole text", async (markup, sent) => {
    const translator = fakeTranslator(upperCase, { batch: true });
    const result = await translateFormatted(example, translator, { ...request, markup });
    expect(result).toMatchObject({ messages: [expected], markup, fellBack: false });
    expect(translator.seen).toEqual([sent]);
  });

  it("falls back to segments when the provider drops a placeholder", async () => {
    const translator = fakeTranslator((text) =>
      text.includes("⟦") ? upperCase(text).replace("⟦3⟧", "") : upperCase(text),
    );
    const result = await translateFormatted(example, translator, { ...request, markup: "tokens" });
    expect(result).toMatchObject({ messages: [expected], markup: "segments", fellBack: true });
    expect(result?.sentChars).toBe(
      "Please ⟦1⟧read⟦/1⟧ ⟦2⟧the docs⟦/2⟧ and run ⟦3⟧".length + "Pleasereadthe docsand run".length,
    );
  });

  it("uses segments for tokens when the text has the brackets itself", async () => {
    const translator = fakeTranslator(upperCase);
    const message = {
      text: "say ⟦hi⟧ in bold",
      entities: [{ type: "bold" as const, offset: 12, length: 4 }],
    };
    const result = await translateFormatted(message, translator, { ...request, markup: "tokens" });
    expect(result?.messages).toEqual([{ text: "SAY ⟦HI⟧ IN <b>BOLD</b>", parse_mode: "HTML" }]);
    expect(result?.fellBack).toBe(true);
  });

  it("sends a message without formatting as plain text, without parse_mode", async () => {
    const result = await translateFormatted(
      { text: "a < b & c" },
      fakeTranslator(upperCase),
      request,
    );
    expect(result?.messages).toEqual([{ text: "A < B & C" }]);
  });

  it.each(["segments", "tokens", "html"] as const)(
    "returns undefined when there is nothing to translate (%s), without a call",
    async (markup) => {
      const translator = fakeTranslator(upperCase);
      const text = "npm test https://example.com/ 42";
      // As Telegram delivers it: the URL found by Telegram, the code marked by the user.
      const code = telegramStores(text, [{ type: "code", offset: 0, length: 8 }]);
      expect(await translateFormatted(code, translator, { ...request, markup })).toBeUndefined();
      expect(translator.calls).toBe(0);
    },
  );

  it("splits a long translation into messages that each fit the limit after parsing", async () => {
    const sentence = "Read <this> & that. ";
    const text = sentence.repeat(400);
    const entities: MessageEntity[] = [{ type: "italic", offset: 0, length: text.length }];
    const result = await translateFormatted({ text, entities }, fakeTranslator(upperCase), request);
    const messages = result?.messages ?? [];
    expect(messages.length).toBe(2);
    const read = messages.map(telegramReads);
    for (const message of read) {
      expect(message.text.length).toBeLessThanOrEqual(4096);
      expect(covered(message)).toEqual([["italic", message.text]]);
    }
    expect(read.map((message) => message.text).join(" ")).toBe(upperCase(text).trim());
  });

  it("passes a limit through: captions and tests may ask for less", async () => {
    const result = await translateFormatted(
      { text: "one. two. three." },
      fakeTranslator(upperCase),
      { ...request, limit: 6 },
    );
    expect(result?.messages).toEqual([{ text: "ONE. " }, { text: "TWO. " }, { text: "THREE." }]);
  });
});

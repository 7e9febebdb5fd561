import type { Message } from "grammy/types";
import { describe, expect, it } from "vitest";
import { detectLanguage } from "../translate/detect.js";
import {
  isCommand,
  isFromBots,
  languageOf,
  mentionsBot,
  tooShortToTell,
  wordCount,
} from "./noise.js";

const me = { id: 42, username: "babel_bot" };
const user = { id: 7, is_bot: false, first_name: "Ann" };
const chat = { id: -100, type: "group" as const, title: "g" };
const message = (fields: Partial<Message>): Message => ({
  message_id: 1,
  date: 0,
  chat,
  from: user,
  ...fields,
});

describe("noise", () => {
  it("knows commands, with or without their entity", () => {
    expect(
      isCommand(
        message({ text: "/tr ja", entities: [{ type: "bot_command", offset: 0, length: 3 }] }),
      ),
    ).toBe(true);
    expect(isCommand(message({ text: "/help" }))).toBe(true);
    expect(isCommand(message({ text: "see /help" }))).toBe(false);
  });

  it("knows the bot's own words: other bots, its inline results, its forwarded messages", () => {
    expect(isFromBots(message({ from: { ...user, is_bot: true } }), me)).toBe(true);
    expect(isFromBots(message({ via_bot: { id: 42, is_bot: true, first_name: "b" } }), me)).toBe(
      true,
    );
    const forwarded = {
      type: "user" as const,
      date: 0,
      sender_user: { id: 42, is_bot: true, first_name: "b" },
    };
    expect(isFromBots(message({ forward_origin: forwarded }), me)).toBe(true);
    expect(isFromBots(message({ text: "hi" }), me)).toBe(false);
  });

  it("finds mentions of the bot, in any case, also as a text mention", () => {
    const text = "hey @Babel_Bot";
    const mention = { type: "mention" as const, offset: 4, length: 10 };
    expect(mentionsBot(message({ text, entities: [mention] }), me)).toBe(true);
    expect(mentionsBot(message({ text: "hey @other_bot", entities: [mention] }), me)).toBe(false);
    const textMention = {
      type: "text_mention" as const,
      offset: 0,
      length: 3,
      user: { id: 42, is_bot: true, first_name: "b" },
    };
    expect(mentionsBot(message({ caption: "bot", caption_entities: [textMention] }), me)).toBe(
      true,
    );
  });

  it("leaves one or two words alone only when the detector is unsure", () => {
    expect(wordCount("ok 👍 https://x.io")).toBe(1);
    expect(wordCount("😂")).toBe(0);
    expect(tooShortToTell("hello", detectLanguage("hello"))).toBe(true);
    expect(tooShortToTell("ok thanks", detectLanguage("ok thanks"))).toBe(true);
    expect(tooShortToTell("안녕하세요", detectLanguage("안녕하세요"))).toBe(false);
    expect(tooShortToTell("ありがとう", detectLanguage("ありがとう"))).toBe(false);
    const sentence = "I think this is wrong";
    expect(tooShortToTell(sentence, detectLanguage(sentence))).toBe(false);
  });
});

describe("languageOf", () => {
  it("detects a message's text or caption once per message", () => {
    const text = message({ text: "오늘 날씨가 정말 좋네요" });
    const first = languageOf(text);
    expect(first.language).toBe("ko");
    expect(languageOf(text)).toBe(first);
    expect(languageOf(message({ caption: "Bonjour à tous, comment allez-vous ?" })).language).toBe(
      "fr",
    );
    expect(languageOf({ ...text })).not.toBe(first);
  });
});

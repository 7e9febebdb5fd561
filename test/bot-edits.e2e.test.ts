// Edited messages end to end: the bot edits its translation instead of sending a new one (text,
// captions, a translation in several parts, one asked for in another language), translates a
// message edited that was never translated once it qualifies, and deletes a translation whose
// message no longer needs one.
import type { Message } from "grammy/types";
import { describe, expect, it } from "vitest";
import { chats, current } from "./support/chats.js";
import { useWorld } from "./support/world.js";

const env = useWorld();
const t = chats(env);
const startBot = () => env.startBot({ flowControl: false });

const edit = (message: Message, change: { text?: string; caption?: string }) =>
  env.world.client.editMessage({
    chat_id: message.chat.id,
    message_id: message.message_id,
    ...change,
  });

describe("a message the bot translated, edited", () => {
  it("edits the translation in place instead of sending another", async () => {
    startBot();
    const minji = await t.user("Minji", "ko");
    const chat = { id: minji.id };
    const original = await t.say(chat, minji, "오늘 뭐 해요?");
    const [translation] = await t.waitFor(chat, 1);
    await edit(original, { text: "오늘 저녁에 뭐 하세요?" });
    // A space more: the same translation, which Telegram refuses as "not modified"; no harm done.
    await edit(original, { text: "오늘 저녁에  뭐 하세요?" });
    const said = await t.barrier(chat, minji);
    expect(said).toHaveLength(1);
    expect(said[0]?.message_id).toBe(translation?.message_id);
    expect(said[0]?.text).toBe("en:오늘 저녁에 뭐 하세요?");
    expect(said[0]?.edit_date).toBeDefined();
    const edits = await env.world.client.calls({ method: "editMessageText" });
    expect(edits.map((call) => call.ok)).toEqual([true, false]);
    expect(edits[1]?.description).toContain("message is not modified");
  });

  it("edits a photo caption's translation", async () => {
    startBot();
    const jun = await t.user("Jun", "en");
    const chat = { id: jun.id };
    const photo = await env.world.client.sendMessage({
      chat_id: chat.id,
      from_id: jun.id,
      photo: true,
      caption: "우리 강아지 사진이에요",
    });
    await t.waitFor(chat, 1);
    await edit(photo, { caption: "우리 고양이 사진이에요" });
    const said = await t.barrier(chat, jun);
    expect(said.map((m) => m.text)).toEqual(["en:우리 고양이 사진이에요"]);
    expect(said[0]?.reply_to_message?.message_id).toBe(photo.message_id);
  });

  it("sends or deletes the parts that change in number", async () => {
    startBot();
    const minji = await t.user("Minji", "ko");
    const chat = { id: minji.id };
    const sentence = "이것은 아주 긴 메시지의 한 문장입니다. ";
    const long = sentence.repeat(Math.ceil(5000 / sentence.length)).trim();
    const message = await t.say(chat, minji, long);
    const [first, second] = await t.waitFor(chat, 2);

    await edit(message, { text: "이제 짧아요" });
    let visible = (await t.barrier(chat, minji)).map((m) => m.message_id);
    const inChat = (await env.world.client.chatMessages(chat.id)).map((m) => m.message_id);
    expect((await current(env, chat.id, first?.message_id ?? 0))?.text).toBe("en:이제 짧아요");
    expect(inChat).toContain(first?.message_id);
    expect(inChat).not.toContain(second?.message_id);
    expect(visible).toContain(second?.message_id); // sent() keeps what the bot deleted

    await edit(message, { text: long });
    visible = (await t.barrier(chat, minji)).map((m) => m.message_id);
    const parts = (await env.world.client.chatMessages(chat.id)).filter(
      (m) => m.reply_to_message?.message_id === message.message_id,
    );
    expect(parts).toHaveLength(2);
    expect(parts[0]?.message_id).toBe(first?.message_id);
    // The stand-in "translates" each of the provider's 5,000-character pieces as `en:${piece}`.
    expect(
      parts
        .map((m) => m.text)
        .join(" ")
        .replaceAll("en:", ""),
    ).toBe(long);
    expect(visible).toContain(parts[1]?.message_id);
  });

  it("keeps the language someone asked for with /tr", async () => {
    startBot();
    const alex = await t.user("Alex", "en");
    const minji = await t.user("Minji", "ko");
    const group = await t.group([alex, minji]);
    const korean = await t.say(group, minji, "주말에 시간 있어요?");
    await t.reply(group, alex, korean, "/tr ja");
    await t.waitFor(group, 1);
    await edit(korean, { text: "이번 주말에 시간 있어요?" });
    const said = await t.barrier(group, alex);
    expect(said.map((m) => m.text)).toEqual(["ja:이번 주말에 시간 있어요?"]);
  });

  it("deletes the translation when the message no longer needs one", async () => {
    startBot();
    const minji = await t.user("Minji", "ko");
    const chat = { id: minji.id };
    const message = await t.say(chat, minji, "좋은 아침이에요");
    const [translation] = await t.waitFor(chat, 1);
    await edit(message, { text: "👍👍" });
    await t.barrier(chat, minji);
    const inChat = await env.world.client.chatMessages(chat.id);
    expect(inChat.map((m) => m.message_id)).not.toContain(translation?.message_id);
    // Edited back into words: translated again, as a new reply.
    await edit(message, { text: "좋은 아침이에요" });
    const said = await t.barrier(chat, minji);
    expect(said.at(-1)?.text).toBe("en:좋은 아침이에요");
    expect(said.at(-1)?.message_id).not.toBe(translation?.message_id);
  });
});

describe("a message edited that was never translated", () => {
  it("is translated once it qualifies (auto mode), and left alone otherwise", async () => {
    startBot();
    const alex = await t.user("Alex", "en");
    const minji = await t.user("Minji", "ko");
    const chat = { id: minji.id };
    const thumbs = await t.say(chat, minji, "👍");
    await edit(thumbs, { text: "좋아요, 내일 봐요" });
    const said = await t.barrier(chat, minji);
    expect(said.map((m) => m.text)).toEqual(["en:좋아요, 내일 봐요"]);
    expect(said[0]?.reply_to_message?.message_id).toBe(thumbs.message_id);

    // In a group in manual mode, an edit asks for nothing.
    const group = await t.group([alex, minji]);
    const korean = await t.say(group, minji, "수정한 메시지예요");
    await edit(korean, { text: "다시 수정한 메시지예요" });
    expect(await t.barrier(group, alex)).toEqual([]);
  });
});

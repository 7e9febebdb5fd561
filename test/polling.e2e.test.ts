// The translator bot on long polling, end to end: local Bot API + Papago stand-in + SQLite.
import { describe, expect, it } from "vitest";
import { useWorld } from "./support/world.js";

const env = useWorld();

async function say(user: { id: number }, text: string) {
  return env.world.client.sendMessage({ chat_id: user.id, from_id: user.id, text });
}

describe("translator bot on long polling", () => {
  it("answers Korean with English and anything else with Korean, as replies", async () => {
    env.startBot();
    const user = await env.world.client.createUser({ first_name: "Minji", language_code: "ko" });
    const korean = await say(user, "안녕하세요, 오늘 날씨가 정말 좋네요");
    const english = await say(user, "Could you tell me where the station is?");
    const replies = await env.world.client.waitForBotMessages({ chat_id: user.id, count: 2 });
    expect(replies.map((m) => m.text)).toEqual([
      "en:안녕하세요, 오늘 날씨가 정말 좋네요",
      "ko:Could you tell me where the station is?",
    ]);
    expect(replies.map((m) => m.reply_to_message?.message_id)).toEqual([
      korean.message_id,
      english.message_id,
    ]);
    // The stand-in saw the direction the offline detector chose, not "auto".
    expect(env.world.papago.requests.map((r) => [r.body.source, r.body.target])).toEqual([
      ["ko", "en"],
      ["en", "ko"],
    ]);
  });

  it("translates a photo's caption", async () => {
    env.startBot();
    const user = await env.world.client.createUser({ first_name: "Jun" });
    const photo = await env.world.client.sendMessage({
      chat_id: user.id,
      from_id: user.id,
      photo: true,
      caption: "우리 강아지 사진이에요",
    });
    const [reply] = await env.world.client.waitForBotMessages({ chat_id: user.id, count: 1 });
    expect(reply?.text).toBe("en:우리 강아지 사진이에요");
    expect(reply?.reply_to_message?.message_id).toBe(photo.message_id);
  });

  it("/lang ja switches the chat to Japanese, and the choice survives a restart", async () => {
    const first = env.startBot();
    const user = await env.world.client.createUser({ first_name: "Sora", language_code: "en" });
    await say(user, "/lang ja");
    const [confirmation] = await env.world.client.waitForBotMessages({
      chat_id: user.id,
      count: 1,
    });
    expect(confirmation?.text).toContain("Japanese");
    await say(user, "내일 같이 점심 먹을래요?");
    const after = await env.world.client.waitForBotMessages({ chat_id: user.id, count: 2 });
    expect(after[1]?.text).toBe("ja:내일 같이 점심 먹을래요?");

    await first.stop();
    env.startBot();
    await say(user, "Let's meet at noon tomorrow");
    const restarted = await env.world.client.waitForBotMessages({ chat_id: user.id, count: 3 });
    expect(restarted[2]?.text).toBe("ja:Let's meet at noon tomorrow");
  });

  it("/help explains the bot and shows Papago's attribution; /start in Korean for a Korean user", async () => {
    env.startBot();
    const user = await env.world.client.createUser({ first_name: "Hana", language_code: "ko" });
    await say(user, "/start");
    const [help] = await env.world.client.waitForBotMessages({ chat_id: user.id, count: 1 });
    expect(help?.text).toContain("Translated by Papago");
    expect(help?.text).toContain("번역");
    expect(env.world.papago.requests).toHaveLength(0);
  });

  it("ignores what it does not handle without crashing, and answers the next message", async () => {
    env.startBot();
    const user = await env.world.client.createUser({ first_name: "Yuna" });
    const chat = { chat_id: user.id, from_id: user.id };
    await env.world.client.sendMessage({ ...chat, photo: true });
    await env.world.client.sendMessage({ ...chat, sticker: true });
    await env.world.client.sendMessage({ ...chat, text: "😂😂👍" });
    await env.world.client.sendMessage({ ...chat, text: "https://example.com/a 123" });
    await env.world.client.sendMessage({ ...chat, text: "/unknown 이건 명령이에요" });
    const original = await env.world.client.sendMessage({ ...chat, text: "오늘 뭐 해요?" });
    await env.world.client.editMessage({
      chat_id: user.id,
      message_id: original.message_id,
      text: "오늘 뭐 하세요?",
    });
    await env.world.client.injectUpdate({
      update: {
        my_chat_member: {
          chat: { id: user.id, type: "private", first_name: "Yuna" },
          from: { id: user.id, is_bot: false, first_name: "Yuna" },
          date: Math.floor(Date.now() / 1000),
          old_chat_member: { status: "member", user: { id: 1, is_bot: true, first_name: "bot" } },
          new_chat_member: {
            status: "kicked",
            until_date: 0,
            user: { id: 1, is_bot: true, first_name: "bot" },
          },
        },
      },
    });
    await env.world.client.injectUpdate({ update: { some_future_update: { weird: true } } });
    await say(user, "Where are you now?");

    const replies = await env.world.client.waitForBotMessages({ chat_id: user.id, count: 2 });
    // Updates are handled in order, so by the last reply every earlier update has been handled;
    // the edit changed the translation in place instead of sending another one.
    expect(replies.map((m) => m.text)).toEqual(["en:오늘 뭐 하세요?", "ko:Where are you now?"]);
    expect(await env.world.client.sent({ chat_id: user.id })).toHaveLength(2);
  });

  it("splits a translation longer than 4096 characters into several replies", async () => {
    env.startBot();
    const user = await env.world.client.createUser({ first_name: "Long" });
    const sentence = "이것은 아주 긴 메시지의 한 문장입니다. ";
    const text = sentence.repeat(Math.ceil(4500 / sentence.length)).trim();
    await say(user, text);
    const replies = await env.world.client.waitForBotMessages({ chat_id: user.id, count: 2 });
    expect(replies.every((m) => (m.text ?? "").length <= 4096)).toBe(true);
    expect(replies.map((m) => m.text).join(" ")).toBe(`en:${text}`);
    // Cut at a sentence boundary, not inside a word.
    expect(replies[0]?.text?.endsWith("니다.")).toBe(true);
  });
});

// Inline mode end to end: users type "@bot text" (the emulator's inline queries), the bot polls the
// local Bot API and translates through the Papago stand-in (whose "translation" is `${target}:${text}`).
import type { InputTextMessageContent } from "grammy/types";
import { describe, expect, it } from "vitest";
import type { InlineAnswer } from "../src/emulator/chat-types.js";
import { useWorld } from "./support/world.js";

const setting = useWorld();

/** A user's inline query, and the bot's answer once it has given one. */
async function ask(fromId: number, query: string): Promise<InlineAnswer> {
  const { client } = setting.world;
  const { inline_query_id: id } = await client.sendInlineQuery({ from_id: fromId, query });
  await expect.poll(() => client.inlineAnswer(id), { timeout: 10_000 }).not.toBeNull();
  const answer = await client.inlineAnswer(id);
  if (answer === null) throw new Error("no answer");
  return answer;
}

const messageTexts = (answer: InlineAnswer) =>
  answer.results.map(
    (result) =>
      (
        result as {
          input_message_content?: InputTextMessageContent;
        }
      ).input_message_content?.message_text,
  );

describe("inline mode", () => {
  it("offers a Korean user the English translation, personal and cached for a while", async () => {
    setting.startBot();
    const { client, papago } = setting.world;
    const user = await client.createUser({ first_name: "Minji", language_code: "ko" });

    const answer = await ask(user.id, "안녕하세요 반갑습니다");
    expect(messageTexts(answer)).toEqual(["en:안녕하세요 반갑습니다"]);
    expect(answer.results[0]).toMatchObject({ type: "article", title: "영어" });
    expect(answer.cache_time).toBe(300);
    expect(answer.is_personal).toBe(true);
    expect(papago.requests).toHaveLength(1);
    expect(papago.requests[0]?.body).toMatchObject({ source: "ko", target: "en" });

    // The same query again: answered from the translation cache, no second call to Papago.
    const again = await ask(user.id, "안녕하세요 반갑습니다");
    expect(messageTexts(again)).toEqual(["en:안녕하세요 반갑습니다"]);
    expect(papago.requests).toHaveLength(1);
  });

  it("offers a Japanese user both the pair's language and their own", async () => {
    setting.startBot();
    const { client } = setting.world;
    const user = await client.createUser({ first_name: "Yui", language_code: "ja" });
    const answer = await ask(user.id, "오늘 저녁에 만날까요?");
    expect(answer.results.map((result) => (result as { title: string }).title)).toEqual([
      "英語",
      "日本語",
    ]);
    expect(messageTexts(answer)).toEqual(["en:오늘 저녁에 만날까요?", "ja:오늘 저녁에 만날까요?"]);
  });

  it("answers an empty list, not cached, while Papago is down", async () => {
    setting.startBot();
    const { client, papago } = setting.world;
    const user = await client.createUser({ first_name: "Jun", language_code: "en" });
    papago.failNext(5, "internal");
    // A text no earlier test had translated: the cache (in the world's store) cannot answer it.
    const answer = await ask(user.id, "번역기가 지금 멈췄나요?");
    expect(papago.requests.length).toBeGreaterThan(0);
    expect(answer.results).toEqual([]);
    expect(answer.cache_time).toBe(0);
    expect(answer.is_personal).toBe(true);
    expect(answer.button).toEqual({
      text: "Translation is unavailable right now",
      start_parameter: "inline",
    });
  });

  it("answers a query without letters with a hint and no provider call", async () => {
    setting.startBot();
    const { client, papago } = setting.world;
    const user = await client.createUser({ first_name: "Ana", language_code: "en" });
    const answer = await ask(user.id, "👍 2024");
    expect(answer.results).toEqual([]);
    expect(answer.button?.text).toBe("Type a text to translate it");
    expect(papago.requests).toHaveLength(0);
  });
});

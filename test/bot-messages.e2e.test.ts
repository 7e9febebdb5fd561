// What the bot translates and how it comes back, end to end, in a group in auto mode: formatting
// kept around the translated words, text that breaks naive HTML escaping, a 5,000-character message
// split, captions of photos, videos and documents, forwarded messages (but not the bot's own).
import type { MessageEntity } from "grammy/types";
import { describe, expect, it } from "vitest";
import { chats, covered } from "./support/chats.js";
import { useWorld } from "./support/world.js";

const env = useWorld();
const t = chats(env);

/** Alex (English, admin) and Minji (Korean) in a group the bot translates in auto mode. */
async function autoGroup() {
  env.startBot({ flowControl: false });
  const alex = await t.user("Alex", "en");
  const minji = await t.user("Minji", "ko");
  const group = await t.group([alex, minji]);
  await t.say(group, alex, "/settings");
  const [menu] = await t.waitFor(group, 1);
  if (menu === undefined) throw new Error("no settings message");
  await t.press(group, alex, menu, "st:mode:auto");
  return { alex, minji, group };
}

/** Sends and returns the bot's answer to it (the next message it says in the chat). */
async function translationOf(chat: { id: number }, send: () => Promise<unknown>) {
  const before = (await t.said(chat.id)).length;
  await send();
  const said = await t.waitFor(chat, before + 1);
  return said[before];
}

describe("formatting", () => {
  it("keeps bold, a link and inline code around the translated words", async () => {
    const { alex, group } = await autoGroup();
    const entities: MessageEntity[] = [
      { type: "bold", offset: 7, length: 4 },
      { type: "text_link", offset: 12, length: 8, url: "https://example.com/docs" },
      { type: "code", offset: 29, length: 8 },
    ];
    const reply = await translationOf(group, () =>
      t.say(group, alex, "Please read the docs and run npm test", { entities }),
    );
    // The stand-in translates each piece between formatting borders; code is never sent.
    expect(reply?.text).toBe("ko:Please ko:read ko:the docs ko:and run npm test");
    const spans = (reply?.entities ?? []).map((entity) => [
      entity.type,
      covered(reply ?? {}, entity),
    ]);
    expect(spans).toEqual([
      ["bold", "ko:read"],
      ["text_link", "ko:the docs"],
      ["code", "npm test"],
    ]);
    expect(reply?.entities?.find((e) => e.type === "text_link")).toMatchObject({
      url: "https://example.com/docs",
    });
  });

  it("sends text that breaks naive HTML escaping as it is: <, &, an unmatched *", async () => {
    const { alex, group } = await autoGroup();
    const text = "Note: if a < b && c > d then *wow <b>not bold</b> & done";
    const reply = await translationOf(group, () =>
      t.say(group, alex, text, { entities: [{ type: "bold", offset: 0, length: 4 }] }),
    );
    expect(reply?.text).toBe("ko:Noteko:: if a < b && c > d then *wow <b>not bold</b> & done");
    expect(reply?.entities).toEqual([{ type: "bold", offset: 0, length: 7 }]);
    // It went out as HTML, escaped: "&lt;b&gt;" is text, "<b>" the one bold span.
    const [call] = (await env.world.client.calls({ method: "sendMessage" })).slice(-1);
    expect(call?.params).toMatchObject({ parse_mode: "HTML" });
    expect(call?.params.text).toContain(
      "&amp;&amp; c &gt; d then *wow &lt;b&gt;not bold&lt;/b&gt;",
    );
  });
});

describe("length", () => {
  it("splits the translation of a 5,000-character message into messages of at most 4096", async () => {
    const { minji, group } = await autoGroup();
    const sentence = "이것은 아주 긴 메시지의 한 문장입니다. ";
    const long = sentence.repeat(Math.ceil(5000 / sentence.length)).trim();
    const message = await t.say(group, minji, long);
    const parts = (await t.waitFor(group, 3)).slice(1);
    expect(parts.every((part) => (part.text ?? "").length <= 4096)).toBe(true);
    expect(parts.every((part) => part.reply_to_message?.message_id === message.message_id)).toBe(
      true,
    );
    // Cut at a sentence; the stand-in marks each piece the provider got (5,000 at most) "en:".
    expect(parts[0]?.text?.endsWith("니다.")).toBe(true);
    expect(
      parts
        .map((part) => part.text)
        .join(" ")
        .replaceAll("en:", ""),
    ).toBe(long);
  });
});

describe("what gets translated", () => {
  it("captions of photos, videos and documents, as replies of text with their formatting", async () => {
    const { minji, group } = await autoGroup();
    const media = [
      { photo: true, caption: "바다 사진이에요" },
      { video: true, caption: "파도 소리 들어 보세요" },
      {
        document: true,
        caption: "여행 일정표입니다",
        caption_entities: [{ type: "bold" as const, offset: 0, length: 2 }],
      },
    ];
    const sent = [];
    for (const item of media) {
      sent.push(
        await env.world.client.sendMessage({ chat_id: group.id, from_id: minji.id, ...item }),
      );
    }
    const replies = (await t.waitFor(group, 4)).slice(1);
    expect(replies.map((m) => m.text)).toEqual([
      "en:바다 사진이에요",
      "en:파도 소리 들어 보세요",
      "en:여행 en:일정표입니다",
    ]);
    expect(replies.map((m) => m.reply_to_message?.message_id)).toEqual(
      sent.map((m) => m.message_id),
    );
    expect(replies[2]?.entities).toEqual([{ type: "bold", offset: 0, length: 5 }]);
  });

  it("forwarded messages, but not the bot's own translations forwarded", async () => {
    const { alex, minji, group } = await autoGroup();
    const english = await t.say(group, alex, "The meeting moved to Friday afternoon");
    const [, translation] = await t.waitFor(group, 2);
    const forward = (message_id: number) =>
      env.world.client.forwardMessage({
        chat_id: group.id,
        from_id: minji.id,
        message_id,
        to_chat_id: minji.id,
      });
    const forwarded = await forward(english.message_id);
    expect(forwarded.forward_origin).toBeDefined();
    await forward(translation?.message_id ?? 0);
    const said = await t.barrier({ id: minji.id }, minji);
    expect(said.map((m) => m.text)).toEqual(["ko:The meeting moved to Friday afternoon"]);
    expect(said[0]?.reply_to_message?.message_id).toBe(forwarded.message_id);
  });
});

// /settings and /lang end to end: the keyboard that edits itself, a non-admin who tries, the mode
// off, the bot speaking Korean to a Korean user, and the command menu it registers per language.
import type { Message } from "grammy/types";
import { describe, expect, it } from "vitest";
import { registerBotProfile } from "../src/bot/index.js";
import { Api } from "grammy";
import { chats } from "./support/chats.js";
import { useWorld } from "./support/world.js";

const env = useWorld();
const t = chats(env);
const startBot = () => env.startBot({ flowControl: false });

/** The labels of a message's inline keyboard, row by row. */
const buttons = (message: Message | undefined) =>
  (message?.reply_markup?.inline_keyboard ?? []).map((row) => row.map((button) => button.text));

async function languageExchange() {
  const alex = await t.user("Alex", "en");
  const minji = await t.user("Minji", "ko");
  const group = await t.group([alex, minji]);
  return { alex, minji, group };
}

async function openSettings(chat: { id: number }, who: Parameters<typeof t.say>[1]) {
  await t.say(chat, who, "/settings");
  const said = await t.waitFor(chat, 1);
  const menu = said.at(-1);
  if (menu === undefined) throw new Error("no settings message");
  return menu;
}

describe("the settings keyboard", () => {
  it("edits itself in place as its buttons are pressed, and the chat follows it", async () => {
    startBot();
    const { alex, minji, group } = await languageExchange();
    const menu = await openSettings(group, alex);
    expect(buttons(menu)[0]).toEqual(["Auto", "✓ Manual", "Off"]);

    await t.press(group, alex, menu, "st:mode:auto");
    let now = (await t.said(group.id))[0];
    expect(now?.message_id).toBe(menu.message_id);
    expect(now?.text).toContain("Mode: Auto.");
    expect(buttons(now)[0]).toEqual(["✓ Auto", "Manual", "Off"]);

    await t.press(group, alex, menu, "st:view:languages");
    expect(buttons((await t.said(group.id))[0]).flat()).toEqual(
      expect.arrayContaining(["✓ English", "✓ 한국어", "日本語", "« Back"]),
    );
    await t.press(group, alex, menu, "st:lang:ja");
    await t.press(group, alex, menu, "st:lang:ko");
    now = (await t.said(group.id))[0];
    expect(buttons(now).flat()).toEqual(
      expect.arrayContaining(["✓ English", "한국어", "✓ 日本語"]),
    );
    await t.press(group, alex, menu, "st:lang:en");
    const last = await t.press(group, alex, menu, "st:lang:ja");
    expect(last?.text).toBe("Keep at least one language.");
    await t.press(group, alex, menu, "st:view:main");
    await t.press(group, alex, menu, "st:tag");
    now = (await t.said(group.id))[0];
    expect(now?.text).toContain("Messages not in Japanese go into Japanese.");
    expect(now?.text).toContain("Language tags: shown.");

    // Everything happened in that one message.
    expect(await t.said(group.id)).toHaveLength(1);
    const korean = await t.say(group, minji, "이 메시지는 일본어로 번역됩니다");
    const said = await t.waitFor(group, 2);
    expect(said[1]?.text).toBe("[ko → ja] ja:이 메시지는 일본어로 번역됩니다");
    expect(said[1]?.reply_to_message?.message_id).toBe(korean.message_id);

    await t.press(group, alex, menu, "st:done");
    now = (await t.said(group.id))[0];
    expect(now?.reply_markup).toBeUndefined();
    expect(now?.text).toContain("Mode: Auto.");
  });

  it("refuses a member who is not an admin, with a notice in their language, and changes nothing", async () => {
    startBot();
    const { alex, minji, group } = await languageExchange();
    const menu = await openSettings(group, alex);
    const answer = await t.press(group, minji, menu, "st:mode:auto");
    expect(answer).toEqual({ text: "그룹 설정은 관리자만 바꿀 수 있습니다.", show_alert: true });
    await t.say(group, minji, "/lang ja");
    const refused = await t.waitFor(group, 2);
    expect(refused[1]?.text).toBe("그룹 설정은 관리자만 바꿀 수 있습니다.");

    // Still manual, still Korean ⇄ English, the menu untouched.
    await t.say(group, minji, "아무도 번역을 요청하지 않았어요");
    const said = await t.barrier(group, alex);
    expect(said).toHaveLength(2);
    expect(said[0]).toEqual(menu);
    expect(await env.world.client.calls({ method: "editMessageText" })).toEqual([]);
    await t.say(group, alex, "/lang");
    expect((await t.waitFor(group, 3))[2]?.text).toContain("Korean ⇄ English");
  });

  it("turned off, translates nothing, and /tr says why", async () => {
    startBot();
    const { alex, minji, group } = await languageExchange();
    const menu = await openSettings(group, alex);
    await t.press(group, alex, menu, "st:mode:off");
    const korean = await t.say(group, minji, "번역이 꺼져 있으면 조용해야 해요");
    await t.say(group, alex, `@babelgram_test_bot please`);
    await t.reply(group, alex, korean, "/tr");
    const said = await t.waitFor(group, 2);
    expect(said[1]?.text).toBe(
      "Translation is off in this chat. An admin can turn it on with /settings.",
    );
    expect(await t.barrier(group, alex)).toHaveLength(2);
  });
});

describe("in the user's language", () => {
  it("speaks Korean to a Korean user: help, settings, notices", async () => {
    startBot();
    const minji = await t.user("Minji", "ko");
    const chat = { id: minji.id };
    await t.say(chat, minji, "/help");
    const [help] = await t.waitFor(chat, 1);
    expect(help?.text).toContain("메시지를 번역해 드립니다.");
    expect(help?.text).toContain("모드: 자동.");

    const menu = await openSettings(chat, minji);
    expect(menu.text).toContain("이 대화의 설정");
    expect(buttons(menu)[0]).toEqual(["✓ 자동", "수동", "끔"]);
    const answer = await t.press(chat, minji, menu, "st:tag");
    expect(answer?.text).toBe("저장했습니다");
    expect((await t.said(chat.id))[1]?.text).toContain("언어 표시: 보임");

    await t.say(chat, minji, "/ignoreme");
    const said = await t.waitFor(chat, 3);
    expect(said[2]?.text).toBe(
      "그룹에서 쓰는 명령입니다. 여기서는 /settings 에서 번역을 끌 수 있습니다.",
    );
  });

  it("registers the command menu in English and Korean, with /settings for group admins", async () => {
    const api = new Api(env.world.token, { apiRoot: env.world.emulator.url });
    expect(await registerBotProfile(api)).toBe(true);
    const { alex, minji, group } = await languageExchange();
    const menu = async (user: { id: number }, chat?: number) =>
      (await env.world.client.commandMenu({ user_id: user.id, chat_id: chat })).map(
        ({ command, description }) => `/${command} ${description}`,
      );

    expect(await menu(minji)).toContain("/help 기능과 사용법");
    expect(await menu(alex)).toContain("/help What I do and how to use me");
    const admin = await menu(alex, group.id);
    const member = await menu(minji, group.id);
    expect(admin).toContain("/settings Mode, languages and language tags of this group");
    expect(member.some((line) => line.startsWith("/settings"))).toBe(false);
    expect(member).toContain("/ignoreme 이 그룹에서 내 메시지 번역 안 함");
  });
});

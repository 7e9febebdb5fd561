// The bot in groups, end to end (local Bot API + Papago stand-in, whose "translation" is
// `${target}:${text}`): manual and auto modes, /tr as a reply, mentions, a bilingual pair and
// several targets, the per-user opt-out, settings kept across the bot's removal, forum topics.
import { describe, expect, it } from "vitest";
import { BOT_USERNAME, chats } from "./support/chats.js";
import { useWorld } from "./support/world.js";

const env = useWorld();
const t = chats(env);

/** Alex (English, the group's owner, so an admin) and Minji (Korean), with the bot. */
async function languageExchange(options: Parameters<typeof t.group>[1] = {}) {
  const alex = await t.user("Alex", "en");
  const minji = await t.user("Minji", "ko");
  const group = await t.group([alex, minji], options);
  return { minji, alex, group };
}

/** The bot without flow control: its pacing (a message a second per chat) is tested elsewhere. */
const startBot = () => env.startBot({ flowControl: false });

const botId = () => Number(env.world.token.split(":")[0]);

describe("manual mode (a group's default)", () => {
  it("translates nothing unasked, a message answered with /tr, /tr <lang> and a bare mention", async () => {
    startBot();
    const { minji, alex, group } = await languageExchange();
    const korean = await t.say(group, minji, "오늘 저녁에 같이 밥 먹을래요?");
    await t.say(group, alex, "Sure, where shall we meet tonight?");
    expect(await t.barrier(group, alex)).toEqual([]);

    await t.reply(group, alex, korean, "/tr");
    await t.reply(group, alex, korean, "/tr ja");
    await t.reply(group, alex, korean, `@${BOT_USERNAME}`);
    const replies = await t.waitFor(group, 3);
    expect(replies.map((m) => m.text)).toEqual([
      "en:오늘 저녁에 같이 밥 먹을래요?",
      "ja:오늘 저녁에 같이 밥 먹을래요?",
      "en:오늘 저녁에 같이 밥 먹을래요?",
    ]);
    // Each answers the message translated, not the command.
    expect(replies.map((m) => m.reply_to_message?.message_id)).toEqual([
      korean.message_id,
      korean.message_id,
      korean.message_id,
    ]);
  });

  it("/tr not as a reply explains itself; /tr with an unknown language says so", async () => {
    startBot();
    const { minji, alex, group } = await languageExchange();
    const korean = await t.say(group, minji, "내일 시험이 있어요");
    await t.say(group, alex, "/tr");
    await t.reply(group, alex, korean, "/tr klingon");
    const [usage, unknown] = await t.waitFor(group, 2);
    expect(usage?.text).toContain("Reply /tr to a message");
    expect(unknown?.text).toContain('"klingon"');
  });
});

describe("auto mode", () => {
  it("translates every message that needs it and leaves noise alone", async () => {
    startBot();
    const { minji, alex, group } = await languageExchange();
    const menu = await t.say(group, alex, "/settings");
    const [settings] = await t.waitFor(group, 1);
    if (settings === undefined) throw new Error("no settings message");
    await t.press(group, alex, settings, "st:mode:auto");
    expect(menu.message_id).toBeLessThan(settings.message_id);

    const korean = await t.say(group, minji, "주말에 등산 가실 분 계세요?");
    const english = await t.say(group, alex, "I would love to join the hike on Saturday");
    for (const noise of ["😂👍", "https://example.com/trail 123", "/unknown 명령", "ok"]) {
      await t.say(group, alex, noise);
    }
    await t.reply(group, alex, korean, "Count me in, what time do we leave?");
    const said = await t.barrier(group, minji);
    expect(said.slice(1).map((m) => m.text)).toEqual([
      "en:주말에 등산 가실 분 계세요?",
      "ko:I would love to join the hike on Saturday",
      "ko:Count me in, what time do we leave?",
    ]);
    expect(said[1]?.reply_to_message?.message_id).toBe(korean.message_id);
    expect(said[2]?.reply_to_message?.message_id).toBe(english.message_id);
  });

  it("leaves out a user who opted out (/ignoreme) until /unignoreme; /tr still works", async () => {
    startBot();
    const { minji, alex, group } = await languageExchange();
    await t.say(group, alex, "/lang ko en");
    await t.waitFor(group, 1);
    const [settings] = await Promise.all([t.say(group, alex, "/settings"), t.waitFor(group, 2)]);
    const menu = (await t.said(group.id))[1];
    if (menu === undefined) throw new Error(`no menu after ${settings.message_id}`);
    await t.press(group, alex, menu, "st:mode:auto");

    await t.say(group, alex, "/ignoreme");
    const quiet = await t.say(group, alex, "Nobody needs to read this one translated");
    await t.reply(group, minji, quiet, "/tr");
    await t.say(group, alex, "/unignoreme");
    await t.say(group, alex, "Now please translate me again");
    const said = await t.barrier(group, minji);
    expect(said.slice(2).map((m) => m.text)).toEqual([
      "OK: I won't translate your messages in this group unless someone asks (/tr).",
      "ko:Nobody needs to read this one translated",
      "OK: I translate your messages in this group again.",
      "ko:Now please translate me again",
    ]);
  });

  it("tells the admin when the bot cannot see the group's messages (privacy mode)", async () => {
    startBot();
    const { alex, group } = await languageExchange({ privacy: true });
    await t.say(group, alex, "/settings");
    const [menu] = await t.waitFor(group, 1);
    if (menu === undefined) throw new Error("no settings message");
    const answer = await t.press(group, alex, menu, "st:mode:auto");
    expect(answer).toMatchObject({ show_alert: true });
    expect(answer?.text).toContain("privacy mode is on");
    const [edited] = await t.said(group.id);
    expect(edited?.text).toContain("⚠️ I can't see this group's messages");

    // Made an admin, it sees everything: the warning goes.
    await env.world.client.changeMember(group.id, { user_id: botId(), action: "promote" });
    const again = await t.press(group, alex, menu, "st:mode:auto");
    expect(again).toMatchObject({ text: "Saved", show_alert: false });
    expect((await t.said(group.id))[0]?.text).not.toContain("⚠️");
  });
});

describe("languages", () => {
  it("a bilingual pair translates each message into the other; other languages into the main one", async () => {
    startBot();
    const { minji, alex, group } = await languageExchange();
    await t.say(group, alex, "/lang en ja");
    await t.waitFor(group, 1);
    const [menu] = await Promise.all([t.say(group, alex, "/settings"), t.waitFor(group, 2)]);
    const settings = (await t.said(group.id))[1];
    if (settings === undefined) throw new Error(`no menu after ${menu.message_id}`);
    await t.press(group, alex, settings, "st:mode:auto");

    await t.say(group, alex, "Where is the nearest station?");
    await t.say(group, minji, "駅はこの道をまっすぐ行ったところです");
    await t.say(group, minji, "저는 한국어로도 말할 수 있어요");
    const said = await t.waitFor(group, 5);
    expect(said.slice(2).map((m) => m.text)).toEqual([
      "ja:Where is the nearest station?",
      "en:駅はこの道をまっすぐ行ったところです",
      "en:저는 한국어로도 말할 수 있어요",
    ]);
  });

  it("several targets: a message in another language comes back in each, in one reply", async () => {
    startBot();
    const { alex, group } = await languageExchange();
    await t.say(group, alex, "/settings");
    const [menu] = await t.waitFor(group, 1);
    if (menu === undefined) throw new Error("no settings message");
    await t.press(group, alex, menu, "st:mode:auto");
    await t.press(group, alex, menu, "st:view:targets");
    await t.press(group, alex, menu, "st:target:en");
    await t.press(group, alex, menu, "st:view:main");
    expect((await t.said(group.id))[0]?.text).toContain("other languages into Korean and English");

    const french = await t.say(group, alex, "Bonjour à tous, je viens de Paris");
    const said = await t.waitFor(group, 2);
    expect(said[1]?.text).toBe(
      "[ko] ko:Bonjour à tous, je viens de Paris\n\n[en] en:Bonjour à tous, je viens de Paris",
    );
    expect(said[1]?.reply_to_message?.message_id).toBe(french.message_id);
  });
});

describe("settings across the bot's removal", () => {
  it("keeps a group's settings when the bot is removed and added again", async () => {
    startBot();
    const { alex, group } = await languageExchange();
    const [welcome] = await Promise.all([
      t.waitFor(group, 0),
      env.world.client.changeMember(group.id, { user_id: botId(), action: "leave" }),
    ]);
    expect(welcome).toEqual([]);
    await env.world.client.changeMember(group.id, { user_id: botId(), action: "join" });
    const [hello] = await t.waitFor(group, 1);
    expect(hello?.text).toContain("Hello! I translate this group's messages.");
    expect(hello?.text).toContain("Mode: Manual.");

    await t.say(group, alex, "/lang en ja");
    await t.say(group, alex, "/settings");
    const menu = (await t.waitFor(group, 3))[2];
    if (menu === undefined) throw new Error("no settings message");
    await t.press(group, alex, menu, "st:mode:auto");

    await env.world.client.changeMember(group.id, { user_id: botId(), action: "leave" });
    await env.world.client.changeMember(group.id, { user_id: botId(), action: "join" });
    const back = (await t.waitFor(group, 4))[3];
    expect(back?.text).toContain("as you left them");
    expect(back?.text).toContain("Mode: Auto.");
    expect(back?.text).toContain("English ⇄ Japanese");

    await t.say(group, alex, "Good to have you back in the group");
    expect((await t.waitFor(group, 5))[4]?.text).toBe("ja:Good to have you back in the group");
  });
});

describe("forum topics", () => {
  it("answers in the topic of the message translated, asked or not", async () => {
    startBot();
    const { minji, alex, group } = await languageExchange({ type: "supergroup", is_forum: true });
    const topic = await env.world.client.createTopic(group.id, { from_id: minji.id, name: "여행" });
    const thread = topic.message_thread_id;
    const korean = await t.say(group, minji, "다음 달에 부산으로 여행 가요", {
      message_thread_id: thread,
    });
    await t.reply(group, alex, korean, "/tr");
    const [asked] = await t.waitFor(group, 1);
    expect(asked?.text).toBe("en:다음 달에 부산으로 여행 가요");
    expect(asked?.message_thread_id).toBe(thread);
    expect(asked?.reply_to_message?.message_id).toBe(korean.message_id);

    // Auto mode, set in the forum's General topic; a message in the topic that answers nothing.
    await t.say(group, alex, "/settings");
    const menu = (await t.waitFor(group, 2))[1];
    if (menu === undefined) throw new Error("no settings message");
    expect(menu.message_thread_id).toBeUndefined();
    await t.press(group, alex, menu, "st:mode:auto");
    const english = await t.say(group, alex, "Which beach should we visit first?", {
      message_thread_id: thread,
    });
    const unasked = (await t.waitFor(group, 3))[2];
    expect(unasked?.text).toBe("ko:Which beach should we visit first?");
    expect(unasked?.message_thread_id).toBe(thread);
    expect(unasked?.reply_to_message?.message_id).toBe(english.message_id);
  });
});
